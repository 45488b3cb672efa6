/**
 * The training loop, checkpoints (safetensors), metrics, history and charts.
 *
 * <p>XChart is an automatic module (its jar names itself {@code org.knowm.xchart} in its manifest,
 * a stable name), hence the suppressed lint.
 */
@SuppressWarnings("requires-automatic")
module dev.nabla.train {
  requires transitive dev.nabla.core;
  requires transitive dev.nabla.layers;
  requires transitive dev.nabla.losses;
  requires transitive dev.nabla.optim;
  requires transitive dev.nabla.datasets;
  // the safetensors header is JSON, read and written as a tree (no data binding, so nothing is
  // opened)
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  // the history chart: XChart draws it (an automatic module, named by its Automatic-Module-Name),
  // javax.imageio writes the PNG
  requires org.knowm.xchart;
  requires java.desktop;

  exports dev.nabla.train;
}
