/**
 * nabla layers: the {@link dev.nabla.layers.Module} base (named parameters and buffers, train/eval
 * modes, state dicts, a Keras-like summary), {@link dev.nabla.layers.Sequential}, the layers
 * ({@link dev.nabla.layers.Dense}, {@link dev.nabla.layers.Conv2d}, pooling, {@link
 * dev.nabla.layers.Flatten}, {@link dev.nabla.layers.Dropout}, batch normalisation, activations)
 * and the initialisers of {@link dev.nabla.layers.Init}. Depends on nabla-core only.
 */
package dev.nabla.layers;
