package dev.nabla.datasets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpochOrderTest {
  @Test
  void permutationsArePinnedSoEveryJdkAndMachineGivesTheSameOrder() {
    // Computed with an independent Python implementation of the documented algorithm
    // (SplitMix64 from mix(seed) ^ mix(epoch + 1), Fisher-Yates from the last position down).
    assertThat(EpochOrder.permutation(10, 42L, 0)).containsExactly(7, 5, 2, 9, 8, 1, 3, 4, 0, 6);
    assertThat(EpochOrder.permutation(10, 42L, 1)).containsExactly(9, 6, 1, 2, 5, 3, 4, 8, 7, 0);
    assertThat(EpochOrder.permutation(10, -7L, 3)).containsExactly(1, 4, 0, 6, 8, 9, 2, 5, 7, 3);
  }

  @Test
  void emptyAndSingleElementOrdersAreTrivial() {
    assertThat(EpochOrder.permutation(0, 1L, 0)).isEmpty();
    assertThat(EpochOrder.permutation(1, 1L, 5)).containsExactly(0);
    assertThat(EpochOrder.identity(3)).containsExactly(0, 1, 2);
  }
}
