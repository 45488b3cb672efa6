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
 *
 * <p>{@code dev.nabla.core.internal.shared} is exported to nabla's own modules only (the way the
 * JDK exports {@code jdk.internal} packages to its own modules): the one channel through which they
 * use core's internals. Core is compiled before them, so javac does not see those modules yet; the
 * "module not found" lint is suppressed for that.
 */
@SuppressWarnings("module")
module dev.nabla.core {
  exports dev.nabla.core;
  exports dev.nabla.core.internal.shared to
      dev.nabla.layers,
      dev.nabla.optim;
}
