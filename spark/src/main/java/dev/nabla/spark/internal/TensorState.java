package dev.nabla.spark.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A serializable copy of named tensors (a model's or an optimizer's state dict), for Spark's
 * closures, broadcasts and task results: nabla's {@code Tensor} is not {@code Serializable}.
 */
public final class TensorState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One tensor: its name, dtype, shape and values (an array of the dtype's Java type). */
  record Entry(String name, DType dtype, int[] shape, Serializable values) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final ArrayList<Entry> entries;

  private TensorState(List<Entry> entries) {
    this.entries = new ArrayList<>(entries);
  }

  /** A copy of {@code tensors}' values, in their order. */
  public static TensorState of(Map<String, Tensor> tensors) {
    List<Entry> list = new ArrayList<>(tensors.size());
    tensors.forEach(
        (name, t) -> {
          Serializable values =
              switch (t.dtype()) {
                case FLOAT32 -> t.toFloatArray();
                case FLOAT64 -> t.toDoubleArray();
                case INT32 -> t.toIntArray();
                case INT64 -> t.toLongArray();
                case BOOL -> t.toBooleanArray();
                default ->
                    throw new IllegalArgumentException(
                        "SparkTrainer: cannot ship tensor '" + name + "' of dtype " + t.dtype());
              };
          list.add(new Entry(name, t.dtype(), t.shape(), values));
        });
    return new TensorState(list);
  }

  /** New tensors with these values, by name, in the order they were taken. */
  public Map<String, Tensor> tensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      Tensor t =
          switch (e.values()) {
            case float[] a -> Tensor.of(a.clone(), e.shape());
            case double[] a -> Tensor.of(a.clone(), e.shape());
            case int[] a -> Tensor.of(a.clone(), e.shape());
            case long[] a -> Tensor.of(a.clone(), e.shape());
            case boolean[] a -> Tensor.of(a.clone(), e.shape());
            default -> throw new IllegalStateException("TensorState: unknown storage " + e);
          };
      out.put(e.name(), t);
    }
    return out;
  }

  /** Number of tensors. */
  public int count() {
    return entries.size();
  }

  /**
   * A running sum of workers' states, for Spark's {@code treeAggregate}: floating-point tensors of
   * rank 1 or more are summed in FLOAT64 (then averaged and rounded once by {@link #mean}); scalars
   * (step counts, hyper-parameters) and integer tensors (Dropout's generator) are taken from the
   * lowest rank added, so the result does not depend on the order Spark combines partial sums in,
   * except for FLOAT64 rounding in the sums of three or more workers.
   */
  public static final class Sum implements Serializable {
    private static final long serialVersionUID = 1L;
    private int lowestRank = Integer.MAX_VALUE;
    private TensorState lowest;
    private double[][] sums;
    private int count;

    /**
     * Adds worker {@code rank}'s state. A sum of one state keeps it as it is (FLOAT32 values, half
     * the bytes of the FLOAT64 sums) until it is merged with another: the partial sum a Spark task
     * returns is then that worker's state.
     */
    public Sum add(int rank, TensorState state) {
      Sum one = new Sum();
      one.lowestRank = rank;
      one.lowest = state;
      one.count = 1;
      return merge(one);
    }

    private static double[][] toSums(TensorState state) {
      double[][] out = new double[state.entries.size()][];
      for (int i = 0; i < state.entries.size(); i++) {
        Entry e = state.entries.get(i);
        if (averaged(e)) {
          double[] d = new double[java.lang.reflect.Array.getLength(e.values())];
          if (e.values() instanceof float[] a) {
            for (int k = 0; k < d.length; k++) {
              d[k] = a[k];
            }
          } else {
            System.arraycopy((double[]) e.values(), 0, d, 0, d.length);
          }
          out[i] = d;
        }
      }
      return out;
    }

    /** Adds another partial sum (in place); returns this. */
    public Sum merge(Sum other) {
      if (other.count == 0) {
        return this;
      }
      if (count == 0) {
        lowestRank = other.lowestRank;
        lowest = other.lowest;
        sums = other.sums;
        count = other.count;
        return this;
      }
      if (sums == null) {
        sums = toSums(lowest);
      }
      double[][] others = other.sums != null ? other.sums : toSums(other.lowest);
      if (others.length != sums.length) {
        throw new IllegalStateException(
            "SparkTrainer: the workers' states differ: "
                + sums.length
                + " tensors on one, "
                + others.length
                + " on another");
      }
      for (int i = 0; i < sums.length; i++) {
        if (sums[i] == null) {
          continue;
        }
        double[] a = sums[i];
        double[] b = others[i];
        if (b == null || b.length != a.length) {
          throw new IllegalStateException(
              "SparkTrainer: the workers' states differ at tensor '"
                  + lowest.entries.get(i).name()
                  + "'");
        }
        for (int k = 0; k < a.length; k++) {
          a[k] += b[k];
        }
      }
      if (other.lowestRank < lowestRank) {
        lowestRank = other.lowestRank;
        lowest = other.lowest;
      }
      count += other.count;
      return this;
    }

    /** States added so far. */
    public int count() {
      return count;
    }

    /** The mean state. */
    public TensorState mean() {
      if (count == 0) {
        throw new IllegalStateException("SparkTrainer: no worker returned its state");
      }
      if (sums == null) {
        return lowest; // one state: its own mean
      }
      List<Entry> out = new ArrayList<>(sums.length);
      for (int i = 0; i < sums.length; i++) {
        Entry e = lowest.entries.get(i);
        if (sums[i] == null) {
          out.add(e);
          continue;
        }
        double[] s = sums[i];
        Serializable values;
        if (e.dtype() == DType.FLOAT32) {
          float[] f = new float[s.length];
          for (int k = 0; k < s.length; k++) {
            f[k] = (float) (s[k] / count);
          }
          values = f;
        } else {
          double[] d = new double[s.length];
          for (int k = 0; k < s.length; k++) {
            d[k] = s[k] / count;
          }
          values = d;
        }
        out.add(new Entry(e.name(), e.dtype(), e.shape(), values));
      }
      return new TensorState(out);
    }

    private static boolean averaged(Entry e) {
      return e.shape().length > 0 && e.dtype().isFloatingPoint();
    }
  }
}
