package dev.nabla.core.internal.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kernels' one thread policy: how many tasks a job gets, and how a range is split. */
class ParallelPolicyTest {

  @Test
  void smallJobsRunAsOneTaskAndLargeOnesAsManyAsThreadsAndPiecesAllow() {
    assertThat(Parallel.tasks(999, 1000, 64)).isEqualTo(1);
    assertThat(Parallel.tasks(1000, 1000, 64)).isEqualTo(Math.min(Parallel.threads(), 64));
    assertThat(Parallel.tasks(1L << 40, 1000, 1)).isEqualTo(1);
    assertThat(Parallel.tasks(1L << 40, 1000, 0)).as("never zero tasks").isEqualTo(1);
  }

  @Test
  void splitCutsARangeIntoContiguousNearEqualParts() {
    for (int units : new int[] {0, 1, 7, 128, 1_000_003}) {
      for (int parts = 1; parts <= 9; parts++) {
        assertThat(Parallel.split(units, parts, 0)).isZero();
        assertThat(Parallel.split(units, parts, parts)).isEqualTo(units);
        for (int p = 0; p < parts; p++) {
          int size = Parallel.split(units, parts, p + 1) - Parallel.split(units, parts, p);
          assertThat(size)
              .as("part %d of %d over %d", p, parts, units)
              .isBetween(units / parts, units / parts + 1);
        }
      }
    }
    // no overflow where units * p exceeds an int
    assertThat(Parallel.split(Integer.MAX_VALUE, 4, 2)).isEqualTo(Integer.MAX_VALUE / 2);
  }
}
