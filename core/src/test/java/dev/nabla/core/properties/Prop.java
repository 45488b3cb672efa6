package dev.nabla.core.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property-based testing harness: a property is checked on {@code tries} values drawn from
 * a seeded generator, and a value that falsifies it is shrunk (greedily, through the candidates the
 * shrinker offers) to a small counterexample before it is reported.
 *
 * <p>Runs are reproducible: the values come from {@code -Dnabla.properties.seed} (a fixed default)
 * mixed with the property's name, and a failure message says how to replay it. {@code
 * -Dnabla.properties.tries=N} overrides every property's number of tries (for a long soak). Each
 * property prints one line, {@code property <name>: <tries> tries passed}, so the number of cases a
 * run tried can be added up from the test output.
 */
final class Prop {
  /** The seed every property's values derive from. */
  static final long SEED = Long.getLong("nabla.properties.seed", 0x6E61626C61L);

  private static final int TRIES = Integer.getInteger("nabla.properties.tries", 0);
  private static final int MAX_SHRINK_STEPS = 500;

  private Prop() {}

  /** Draws a value from a random source. */
  @FunctionalInterface
  interface Gen<T> {
    T next(SplittableRandom random);
  }

  /**
   * Checks {@code property} (which throws, an AssertionError or anything else, when the value
   * falsifies it) on {@code tries} values of {@code gen}; shrinks a failing value with {@code
   * shrink} (candidates strictly smaller than its argument, never the argument itself).
   */
  static <T> void forAll(
      String name, int tries, Gen<T> gen, Function<T, List<T>> shrink, Consumer<T> property) {
    int n = TRIES > 0 ? TRIES : tries;
    long seed = SEED ^ mix(name.hashCode());
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 1; i <= n; i++) {
      T value = gen.next(random);
      Throwable failure = failure(property, value);
      if (failure != null) {
        report(name, i, n, value, failure, shrink, property);
      }
    }
    System.out.printf(Locale.ROOT, "property %s: %d tries passed%n", name, n);
  }

  /** {@link #forAll} without shrinking. */
  static <T> void forAll(String name, int tries, Gen<T> gen, Consumer<T> property) {
    forAll(name, tries, gen, v -> List.of(), property);
  }

  private static <T> void report(
      String name,
      int attempt,
      int tries,
      T original,
      Throwable originalFailure,
      Function<T, List<T>> shrink,
      Consumer<T> property) {
    T smallest = original;
    Throwable smallestFailure = originalFailure;
    int steps = 0;
    boolean progressed = true;
    while (progressed && steps < MAX_SHRINK_STEPS) {
      progressed = false;
      for (T candidate : shrink.apply(smallest)) {
        steps++;
        Throwable f = failure(property, candidate);
        if (f != null) {
          smallest = candidate;
          smallestFailure = f;
          progressed = true;
          break;
        }
        if (steps >= MAX_SHRINK_STEPS) {
          break;
        }
      }
    }
    AssertionError e =
        new AssertionError(
            "property "
                + name
                + " falsified at try "
                + attempt
                + " of "
                + tries
                + " (replay: -Dnabla.properties.seed="
                + SEED
                + ")"
                + "\n  counterexample: "
                + smallest
                + (smallest.equals(original)
                    ? ""
                    : "\n  shrunk in " + steps + " steps from: " + original)
                + "\n  failure: "
                + smallestFailure,
            smallestFailure);
    throw e;
  }

  private static <T> Throwable failure(Consumer<T> property, T value) {
    try {
      property.accept(value);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** Smaller shapes than {@code shape}: one dimension dropped, one dimension set to 1 or halved. */
  static List<int[]> shrinkShape(int[] shape) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < shape.length; i++) {
      int[] dropped = new int[shape.length - 1];
      System.arraycopy(shape, 0, dropped, 0, i);
      System.arraycopy(shape, i + 1, dropped, i, shape.length - i - 1);
      out.add(dropped);
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] > 1) {
        int[] one = shape.clone();
        one[i] = 1;
        out.add(one);
        if (shape[i] > 2) {
          int[] half = shape.clone();
          half[i] = shape[i] / 2;
          out.add(half);
        }
      }
    }
    return out;
  }
}
