package dev.nabla.layers;

import dev.nabla.layers.internal.Fmt;
import java.util.function.Supplier;

/** Builds the {@code layers} of a transformer stack. */
final class Stacks {
  private Stacks() {}

  /** {@code numLayers >= 1} new layers from {@code layer}, each a new module, in a Sequential. */
  static Sequential build(String type, Supplier<? extends Module> layer, int numLayers) {
    Fmt.atLeast(type, "numLayers", numLayers, 1);
    if (layer == null) {
      throw new IllegalArgumentException(type + ": the layer supplier is null");
    }
    Sequential layers = new Sequential();
    for (int i = 0; i < numLayers; i++) {
      Module m = layer.get();
      if (m == null) {
        throw new IllegalArgumentException(type + ": the layer supplier returned null");
      }
      for (int j = 0; j < layers.size(); j++) {
        if (layers.get(j) == m) {
          throw new IllegalArgumentException(
              type
                  + ": the layer supplier returned the same module twice; it must build a new one");
        }
      }
      layers.add(m);
    }
    return layers;
  }
}
