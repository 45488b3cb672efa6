/**
 * Neural-network layers: {@link dev.nabla.layers.Module}, {@link dev.nabla.layers.Sequential} and
 * the layers.
 */
module dev.nabla.layers {
  requires transitive dev.nabla.core;

  exports dev.nabla.layers;
}
