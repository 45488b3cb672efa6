package dev.nabla.layers;

import dev.nabla.core.Tensor;

/**
 * A layer that can run fused with the module after it in a {@link Sequential}: the layer, not the
 * container, says which followers it fuses with (Dense with ReLU today). Sequential asks each child
 * in turn and applies the pair as one op when the answer is not null.
 */
interface FusesWithNext {
  /**
   * This module followed by {@code next} as one fused op, with both recorded (summary, name scope)
   * as if they had run one after the other; {@code null} when this module does not fuse with
   * {@code next}, and then nothing has run.
   */
  Tensor applyFused(Tensor x, Module next);
}
