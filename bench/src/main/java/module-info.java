/**
 * The JMH benchmarks and the model benchmark: programs, so the module exports nothing. JMH runs its
 * benchmarks on the class path ({@code ./nabla bench} does), where this descriptor is ignored; it
 * is here so the module's dependencies are declared and checked like the others'. {@code jmh.core}
 * is the name the module system derives from the file name of jmh-core's jar, which has no
 * Automatic-Module-Name.
 */
@SuppressWarnings("requires-automatic")
module dev.nabla.bench {
  requires dev.nabla.core;
  requires dev.nabla.layers;
  requires dev.nabla.losses;
  requires dev.nabla.optim;
  requires dev.nabla.datasets;
  requires dev.nabla.onnx;
  requires jmh.core;
  requires java.management;
  requires jdk.management;
}
