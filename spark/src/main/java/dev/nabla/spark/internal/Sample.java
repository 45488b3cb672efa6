package dev.nabla.spark.internal;

import java.io.Serializable;

/**
 * One training example as plain arrays, which is what a Spark partition carries between the rows of
 * a {@code DataFrame} and the worker's shard.
 *
 * @param input the input's values, flattened row-major
 * @param label the class index, or -1 when {@code target} is given
 * @param target the target's values for a regression or one-hot target, or null for a class index
 * @param shape the input's shape when it came from a tensor (an {@code Example}), or null for a
 *     row's flat values
 */
public record Sample(float[] input, int label, float[] target, int[] shape)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A sample of flat values (a {@code DataFrame} row). */
  public Sample(float[] input, int label, float[] target) {
    this(input, label, target, null);
  }

  /** A sample whose target is a class index. */
  public static Sample classIndex(float[] input, int label) {
    return new Sample(input, label, null);
  }
}
