/**
 * nabla's tensors, the reverse-mode autodiff graph, custom ops ({@link dev.nabla.core.Op}) and
 * {@link dev.nabla.core.GradCheck}.
 *
 * <p>The Vector API is optional and deliberately not declared here, not even as {@code requires
 * static}: javac resolves static dependences when it compiles a module that reads this one, and
 * would then warn every user's build about an incubating module (an error under {@code -Werror}).
 * This module is compiled with {@code --add-reads dev.nabla.core=jdk.incubator.vector} instead, and
 * the kernels add that read edge at run time when the JVM was started with {@code --add-modules
 * jdk.incubator.vector}, just before they load the Vector API implementations; without the module
 * they run the plain-Java ones and log one line that says how to enable the fast path.
 */
module dev.nabla.core {
  exports dev.nabla.core;
}
