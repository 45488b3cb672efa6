package dev.nabla.spark.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.Example;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import scala.Tuple2;

/**
 * One worker's training data, packed into flat arrays in the order of the rows' global indices (so
 * a recomputed partition is the same shard, whatever order Spark's shuffle delivered its rows in).
 * Rows are cut into micro-batches by {@link #batch}.
 */
public final class Shard implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int rank;
  private final int size;
  private final int inputLength;
  private final int targetLength; // 0: class-index labels
  private final float[] inputs;
  private final int[] labels;
  private final float[] targets;
  private int[] inputShape; // of the first sample, when it came from a tensor

  private Shard(
      int rank, int size, int inputLength, int targetLength, float[] x, int[] l, float[] t) {
    this.rank = rank;
    this.size = size;
    this.inputLength = inputLength;
    this.targetLength = targetLength;
    this.inputs = x;
    this.labels = l;
    this.targets = t;
  }

  /**
   * Packs a partition of {@code (global index, sample)} pairs. Every sample must have the same
   * input length, and the same kind and length of target; the error names the offending row.
   */
  public static Shard pack(int rank, Iterator<Tuple2<Long, Sample>> rows) {
    List<Tuple2<Long, Sample>> list = new ArrayList<>();
    rows.forEachRemaining(list::add);
    list.sort(Comparator.comparingLong(Tuple2::_1));
    int n = list.size();
    if (n == 0) {
      return new Shard(rank, 0, 0, 0, new float[0], new int[0], new float[0]);
    }
    Sample first = list.get(0)._2;
    int d = first.input().length;
    int t = first.target() == null ? 0 : first.target().length;
    float[] x = new float[Math.multiplyExact(n, d)];
    int[] l = t == 0 ? new int[n] : new int[0];
    float[] y = t == 0 ? new float[0] : new float[Math.multiplyExact(n, t)];
    for (int i = 0; i < n; i++) {
      long index = list.get(i)._1;
      Sample s = list.get(i)._2;
      if (s.input().length != d) {
        throw new IllegalArgumentException(
            "SparkTrainer: row "
                + index
                + " has "
                + s.input().length
                + " input values, expected "
                + d
                + " as row "
                + list.get(0)._1
                + " has (every row's features must have the same length)");
      }
      int ti = s.target() == null ? 0 : s.target().length;
      if (ti != t) {
        throw new IllegalArgumentException(
            "SparkTrainer: row "
                + index
                + (ti == 0 ? " has a class-index label" : " has a target of " + ti + " values")
                + ", but row "
                + list.get(0)._1
                + (t == 0 ? " has a class-index label" : " has a target of " + t + " values"));
      }
      System.arraycopy(s.input(), 0, x, i * d, d);
      if (t == 0) {
        l[i] = s.label();
      } else {
        System.arraycopy(s.target(), 0, y, i * t, t);
      }
    }
    Shard shard = new Shard(rank, n, d, t, x, l, y);
    shard.inputShape = first.shape() == null ? null : first.shape().clone();
    return shard;
  }

  /** The shape of the first example's input when the data were nabla Examples, else null. */
  public int[] exampleShape() {
    return inputShape == null ? null : inputShape.clone();
  }

  /** The worker this shard belongs to. */
  public int rank() {
    return rank;
  }

  /** Rows in the shard. */
  public int size() {
    return size;
  }

  /** Values per input row (0 for an empty shard). */
  public int inputLength() {
    return inputLength;
  }

  /** Values per target row, 0 for class-index labels. */
  public int targetLength() {
    return targetLength;
  }

  /**
   * The order in which the rows of epoch {@code epoch} are used: {@code length} row numbers, a
   * shuffle of the shard seeded by {@code seed} (or the shard's order when {@code shuffle} is off),
   * repeated from its start when the shard has fewer rows than needed (padding) and cut when it has
   * more (trimming).
   */
  public int[] order(int length, boolean shuffle, long seed) {
    if (size == 0) {
      throw new IllegalStateException(
          "SparkTrainer: worker " + rank + "'s shard is empty, so it has no rows to train on");
    }
    int[] perm = new int[size];
    Arrays.setAll(perm, i -> i);
    if (shuffle) {
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = size - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
      }
    }
    int[] out = new int[length];
    for (int k = 0; k < length; k++) {
      out[k] = perm[k % size];
    }
    return out;
  }

  /**
   * The rows {@code order[from .. from + count)} as one batch: inputs FLOAT32 {@code [count,
   * inputShape...]}, targets INT32 {@code [count]} (class indices) or FLOAT32 {@code [count,
   * targetLength]}.
   */
  public Example batch(int[] order, int from, int count, int[] inputShape) {
    float[] x = new float[count * inputLength];
    for (int k = 0; k < count; k++) {
      System.arraycopy(inputs, order[from + k] * inputLength, x, k * inputLength, inputLength);
    }
    int[] shape = new int[inputShape.length + 1];
    shape[0] = count;
    System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
    Tensor input = Tensor.of(x, shape);
    Tensor target;
    if (targetLength == 0) {
      int[] l = new int[count];
      for (int k = 0; k < count; k++) {
        l[k] = labels[order[from + k]];
      }
      target = Tensor.of(l, count);
    } else {
      float[] y = new float[count * targetLength];
      for (int k = 0; k < count; k++) {
        System.arraycopy(
            targets, order[from + k] * targetLength, y, k * targetLength, targetLength);
      }
      target = Tensor.of(y, count, targetLength);
    }
    assert target.dtype() == (targetLength == 0 ? DType.INT32 : DType.FLOAT32);
    return new Example(input, target);
  }
}
