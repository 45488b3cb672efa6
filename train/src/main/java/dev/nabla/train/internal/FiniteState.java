package dev.nabla.train.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import dev.nabla.optim.Optimizer;
import java.nio.file.Path;
import java.util.Map;

/** Finds a NaN or an infinity in named tensors, so that no checkpoint is written full of them. */
public final class FiniteState {
  private FiniteState() {}

  /**
   * A description of the first non-finite value in {@code tensors} ({@code "'0.weight' holds NaN at
   * flat index 3"}), or null when every floating-point value is finite.
   */
  public static String firstNonFinite(Map<String, Tensor> tensors) {
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      if (t == null || !t.dtype().isFloatingPoint()) {
        continue;
      }
      int bad = -1;
      double value = 0;
      if (t.dtype() == DType.FLOAT32) {
        float[] a = t.floatStorage();
        for (int i = 0; i < a.length && bad < 0; i++) {
          if (!Float.isFinite(a[i])) {
            bad = i;
            value = a[i];
          }
        }
      } else {
        double[] a = t.doubleStorage();
        for (int i = 0; i < a.length && bad < 0; i++) {
          if (!Double.isFinite(a[i])) {
            bad = i;
            value = a[i];
          }
        }
      }
      if (bad >= 0) {
        return "'"
            + e.getKey()
            + "' holds "
            + (Double.isNaN(value) ? "NaN" : value > 0 ? "Inf" : "-Inf")
            + " at flat index "
            + bad;
      }
    }
    return null;
  }

  /**
   * Throws instead of saving a model or an optimizer whose state holds a NaN or an infinity: a
   * checkpoint full of them would only replace a good one with garbage.
   *
   * @param owner who is saving, for the message
   * @param file the file that would have been written
   */
  public static void requireFiniteState(
      String owner, Path file, Module model, Optimizer optimizer, int epoch) {
    String bad = firstNonFinite(model.stateDict());
    String where = "the model's";
    if (bad == null) {
      bad = firstNonFinite(optimizer.stateDict());
      where = "the optimizer's";
    }
    if (bad != null) {
      throw new IllegalStateException(
          owner
              + ": refusing to save "
              + file
              + " after epoch "
              + epoch
              + ": "
              + where
              + " state "
              + bad
              + "; training has diverged (lower the learning rate or clip the gradients, and "
              + "resume from an earlier checkpoint)");
    }
  }
}
