/**
 * nabla's tensors, the reverse-mode autodiff graph, custom ops ({@link dev.nabla.core.Op}) and
 * {@link dev.nabla.core.GradCheck}.
 *
 * <p>The Vector API is optional: {@code requires static} lets the Vector API kernels compile against
 * {@code jdk.incubator.vector} without making the incubator module a requirement at run time. When
 * the JVM is started with {@code --add-modules jdk.incubator.vector} the module is in the boot layer,
 * this module reads it, and the kernels load the Vector API implementations; without it they run the
 * plain-Java ones and log one line that says how to enable the fast path.
 */
module dev.nabla.core {
  requires static jdk.incubator.vector;

  exports dev.nabla.core;
}
