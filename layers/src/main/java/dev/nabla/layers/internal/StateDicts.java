package dev.nabla.layers.internal;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The comparison behind {@code Module.loadStateDict}: every way a state dict fails to fit a module,
 * and the error that lists them.
 */
public final class StateDicts {
  private StateDicts() {}

  /**
   * One line per mismatch between a module's tensors ({@code expected}) and a state dict: missing
   * keys, null values, shape and dtype differences in the module's order, then unexpected keys in
   * the state dict's order. Empty when the state dict fits.
   */
  public static List<String> mismatches(Map<String, Tensor> expected, Map<String, Tensor> state) {
    List<String> problems = new ArrayList<>();
    expected.forEach(
        (name, want) -> {
          if (!state.containsKey(name)) {
            problems.add("missing key '" + name + "' (" + Fmt.describe(want) + ")");
            return;
          }
          Tensor got = state.get(name);
          if (got == null) {
            problems.add("'" + name + "' is null, expected " + Fmt.describe(want));
            return;
          }
          if (!Arrays.equals(got.shape(), want.shape())) {
            problems.add(
                "'"
                    + name
                    + "' has shape "
                    + Arrays.toString(got.shape())
                    + ", expected "
                    + Arrays.toString(want.shape()));
          }
          if (got.dtype() != want.dtype()) {
            problems.add("'" + name + "' has dtype " + got.dtype() + ", expected " + want.dtype());
          }
        });
    for (String name : state.keySet()) {
      if (!expected.containsKey(name)) {
        Tensor got = state.get(name);
        problems.add(
            "unexpected key '" + name + "'" + (got == null ? "" : " (" + Fmt.describe(got) + ")"));
      }
    }
    return problems;
  }

  /**
   * Fails, naming {@code owner} (e.g. {@code "Dense(2 -> 3): loadStateDict"}) and listing every
   * {@linkplain #mismatches mismatch}, unless {@code state} fits {@code expected}.
   */
  public static void requireFits(
      String owner, Map<String, Tensor> expected, Map<String, Tensor> state) {
    List<String> problems = mismatches(expected, state);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          owner
              + " found "
              + problems.size()
              + " mismatch"
              + (problems.size() == 1 ? "" : "es")
              + " (nothing was loaded):\n  "
              + String.join("\n  ", problems));
    }
  }
}
