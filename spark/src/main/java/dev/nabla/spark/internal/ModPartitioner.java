package dev.nabla.spark.internal;

import org.apache.spark.Partitioner;

/**
 * Sends the row with global index {@code i} to worker {@code i mod n}: shards whose sizes differ by
 * at most one row, and the same rows on a recomputation.
 */
public final class ModPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int n;

  /** A partitioner over {@code n} workers. */
  public ModPartitioner(int n) {
    this.n = n;
  }

  @Override
  public int numPartitions() {
    return n;
  }

  @Override
  public int getPartition(Object key) {
    return (int) Math.floorMod((Long) key, (long) n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModPartitioner p && p.n == n;
  }

  @Override
  public int hashCode() {
    return n;
  }
}
