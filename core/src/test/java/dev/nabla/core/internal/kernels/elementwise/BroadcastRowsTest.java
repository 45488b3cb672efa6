package dev.nabla.core.internal.kernels.elementwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop plan of broadcast binary kernels: rows as long as the layouts allow, in order. */
class BroadcastRowsTest {

  /** Every row's (aOff, bOff, outOff), in the order the plan runs them. */
  private static List<List<Integer>> rows(BroadcastRows plan) {
    List<List<Integer>> rows = new ArrayList<>();
    plan.forEach((a, b, o) -> rows.add(List.of(a, b, o)));
    return rows;
  }

  @Test
  void dimensionsContiguousInBothOperandsAreMergedIntoLongerOuterRows() {
    BroadcastRows plan =
        new BroadcastRows(new int[] {256, 256, 3}, new int[] {3}, new int[] {256, 256, 3});

    assertThat(plan.length).isEqualTo(3);
    assertThat(plan.steps).isEqualTo(BroadcastRows.Steps.BOTH);
    List<List<Integer>> rows = rows(plan);
    assertThat(rows).hasSize(65536);
    assertThat(rows.get(1)).containsExactly(3, 0, 3);
    assertThat(rows.get(65535)).containsExactly(65535 * 3, 0, 65535 * 3);
  }

  @Test
  void trailingSizeOneDimensionsAreDroppedSoRowsRunAlongTheLastRealDimension() {
    BroadcastRows plan =
        new BroadcastRows(new int[] {4, 1, 1}, new int[] {5, 1}, new int[] {4, 5, 1});

    assertThat(plan.length).isEqualTo(5);
    assertThat(plan.steps).isEqualTo(BroadcastRows.Steps.B_ONLY);
    assertThat(rows(plan))
        .containsExactly(List.of(0, 0, 0), List.of(1, 0, 5), List.of(2, 0, 10), List.of(3, 0, 15));
  }

  @Test
  void anOperandBroadcastAlongTheLastDimensionStaysPutWithinARow() {
    BroadcastRows plan = new BroadcastRows(new int[] {2, 3}, new int[] {2, 1}, new int[] {2, 3});

    assertThat(plan.length).isEqualTo(3);
    assertThat(plan.steps).isEqualTo(BroadcastRows.Steps.A_ONLY);
    assertThat(rows(plan)).containsExactly(List.of(0, 0, 0), List.of(3, 1, 3));
  }

  @Test
  void theOdometerRewindsBroadcastDimensions() {
    // [2, 1, 3] * [4, 1]: output [2, 4, 3]; a repeats each of its rows 4 times, b cycles.
    BroadcastRows plan =
        new BroadcastRows(new int[] {2, 1, 3}, new int[] {4, 1}, new int[] {2, 4, 3});

    assertThat(plan.steps).isEqualTo(BroadcastRows.Steps.A_ONLY);
    List<List<Integer>> rows = rows(plan);
    assertThat(rows).hasSize(8);
    for (int r = 0; r < 8; r++) {
      assertThat(rows.get(r)).containsExactly(r / 4 * 3, r % 4, r * 3);
    }
  }

  @Test
  void aSingleElementIsOneRowOfLengthOne() {
    BroadcastRows plan = new BroadcastRows(new int[] {1, 1}, new int[0], new int[] {1, 1});

    assertThat(plan.length).isEqualTo(1);
    assertThat(rows(plan)).containsExactly(List.of(0, 0, 0));
  }

  @Test
  void aRangeOfRowsStartsTheOdometerMidwayAndMatchesTheWholeWalk() {
    // [2, 1, 3, 5] + [4, 1, 5]: output [2, 4, 3, 5]; 24 rows whose offsets rewind at two levels.
    BroadcastRows plan =
        new BroadcastRows(new int[] {2, 1, 3, 5}, new int[] {4, 1, 5}, new int[] {2, 4, 3, 5});
    List<List<Integer>> all = rows(plan);
    assertThat(plan.rows()).isEqualTo(all.size());

    for (int from = 0; from <= all.size(); from++) {
      for (int to = from; to <= all.size(); to += 5) {
        List<List<Integer>> part = new ArrayList<>();
        plan.forEach(from, to, (a, b, o) -> part.add(List.of(a, b, o)));
        assertThat(part).as("rows %d to %d", from, to).isEqualTo(all.subList(from, to));
      }
    }
  }
}
