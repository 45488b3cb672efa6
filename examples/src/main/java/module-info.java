/** The example programs that {@code ./nabla <example>} runs: a program, so it exports nothing. */
module dev.nabla.examples {
  requires dev.nabla.core;
  requires dev.nabla.layers;
  requires dev.nabla.losses;
  requires dev.nabla.optim;
  requires dev.nabla.datasets;
  requires dev.nabla.train;
  requires dev.nabla.onnx;
  requires info.picocli;

  // picocli sets the @Option fields and calls the @Command methods reflectively
  opens dev.nabla.examples to
      info.picocli;
}
