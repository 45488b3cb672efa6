package dev.nabla.optim.internal;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * The keys of an optimizer's state dictionary and the validation behind {@code
 * Optimizer.loadStateDict}: every way a saved state fails to fit an optimizer, listed in one
 * message before anything is loaded.
 */
public final class StateDictChecks {
  private StateDictChecks() {}

  /** The keys of parameter {@code pname}'s state: its step count, then one per state field. */
  public static List<String> paramKeys(String pname, String[] stateFields) {
    List<String> keys = new ArrayList<>(stateFields.length + 1);
    keys.add(pname + ".step");
    for (String f : stateFields) {
      keys.add(pname + "." + f);
    }
    return keys;
  }

  /**
   * Fails, naming {@code owner} and listing every problem (missing or unexpected keys, tensors of
   * the wrong dtype or shape, hyper-parameters that differ, invalid values), unless {@code saved}
   * fits the optimizer {@code name} with these hyper-parameters, parameter names, state fields and
   * current state ({@code state[i][f]}, already of its parameter's dtype).
   */
  public static void requireFits(
      String owner,
      String name,
      Map<String, Object> hyper,
      String[] names,
      String[] stateFields,
      Tensor[][] state,
      Map<String, Tensor> saved) {
    Set<String> expected = new LinkedHashSet<>(List.of("lr", "initial_lr", "step"));
    expected.addAll(hyper.keySet());
    for (String pname : names) {
      expected.addAll(paramKeys(pname, stateFields));
    }
    List<String> problems = new ArrayList<>();
    for (String key : expected) {
      if (!saved.containsKey(key)) {
        problems.add("missing key '" + key + "'");
      }
    }
    for (String key : saved.keySet()) {
      if (!expected.contains(key)) {
        problems.add("unexpected key '" + key + "'");
      }
    }
    DoublePredicate isRate = v -> v >= 0 && Double.isFinite(v);
    checkScalar(saved, "lr", problems, isRate, "a finite learning rate >= 0");
    checkScalar(saved, "initial_lr", problems, isRate, "a finite learning rate >= 0");
    checkScalar(saved, "step", problems, StateDictChecks::isCount, "a whole number >= 0");
    hyper.forEach(
        (k, v) -> {
          double mine = asDouble(v);
          String what = "this " + name + "'s " + k + " = " + mine;
          checkScalar(saved, k, problems, s -> s == mine, what);
        });
    for (int i = 0; i < names.length; i++) {
      checkScalar(
          saved, names[i] + ".step", problems, StateDictChecks::isCount, "a whole number >= 0");
      for (int f = 0; f < stateFields.length; f++) {
        String key = names[i] + "." + stateFields[f];
        Tensor t = saved.get(key);
        Tensor mine = state[i][f];
        if (t != null && (t.dtype() != mine.dtype() || !Arrays.equals(t.shape(), mine.shape()))) {
          problems.add(
              "'"
                  + key
                  + "' is "
                  + t.dtype()
                  + " "
                  + Arrays.toString(t.shape())
                  + ", expected "
                  + mine.dtype()
                  + " "
                  + Arrays.toString(mine.shape()));
        }
      }
    }
    for (String key : expected) {
      if (saved.containsKey(key) && saved.get(key) == null) {
        problems.add("'" + key + "' is null");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          owner
              + ": the state does not fit this optimizer ("
              + problems.size()
              + " problem"
              + (problems.size() == 1 ? "" : "s")
              + "):\n  - "
              + String.join("\n  - ", problems));
    }
  }

  /**
   * A hyper-parameter's value as the state dictionary stores it: a number, or 1 or 0 for a flag.
   */
  public static double asDouble(Object v) {
    return switch (v) {
      case Boolean b -> b ? 1 : 0;
      case Number n -> n.doubleValue();
      default ->
          throw new IllegalStateException(
              "hyper-parameter of " + v.getClass() + ": expected a Double or a Boolean");
    };
  }

  private static boolean isCount(double v) {
    return v >= 0 && v == Math.rint(v) && v < 0x1p53;
  }

  /** A saved scalar must hold one element whose value passes {@code valid}. */
  private static void checkScalar(
      Map<String, Tensor> saved,
      String key,
      List<String> problems,
      DoublePredicate valid,
      String expected) {
    Tensor t = saved.get(key);
    if (t == null) {
      return;
    }
    if (t.size() != 1) {
      problems.add("'" + key + "' has shape " + Arrays.toString(t.shape()) + ", expected a scalar");
    } else if (!valid.test(t.item())) {
      problems.add("'" + key + "' is " + t.item() + ", expected " + expected);
    }
  }
}
