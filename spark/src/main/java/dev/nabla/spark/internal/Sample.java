package dev.nabla.spark.internal;

import java.io.Serializable;

/**
 * One training example as plain arrays, which is what a Spark partition carries between the rows of
 * a {@code DataFrame} and the worker's shard.
 *
 * @param input the input's values, flattened row-major
 * @param label the class index, or -1 when {@code target} is given
 * @param target the target's values for a regression or one-hot target, or null for a class index
 */
public record Sample(float[] input, int label, float[] target) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A sample whose target is a class index. */
  public static Sample classIndex(float[] input, int label) {
    return new Sample(input, label, null);
  }
}
