package dev.nabla.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.datasets.Example;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** {@link Shard}: rows packed in global-index order, epoch orders, and rows that do not fit. */
class ShardTest {
  /** Row {@code i}: input {i, 10 i}, class index i. */
  static Tuple2<Long, Sample> row(long i) {
    return new Tuple2<>(i, Sample.classIndex(new float[] {i, 10 * i}, (int) i));
  }

  static Shard shard(long... indices) {
    List<Tuple2<Long, Sample>> rows = new ArrayList<>();
    for (long i : indices) {
      rows.add(row(i));
    }
    return Shard.pack(1, rows.iterator());
  }

  @Test
  void packSortsTheRowsByGlobalIndexWhateverOrderTheyArriveIn() {
    Shard s = shard(9, 1, 5, 3);
    assertThat(s.rank()).isEqualTo(1);
    assertThat(s.size()).isEqualTo(4);
    assertThat(s.inputLength()).isEqualTo(2);
    assertThat(s.targetLength()).isZero();
    Example b = s.batch(s.order(4, false, 0), 0, 4, new int[] {2});
    assertThat(b.input().shape()).containsExactly(4, 2);
    assertThat(b.input().toFloatArray()).containsExactly(1, 10, 3, 30, 5, 50, 9, 90);
    assertThat(b.target().toIntArray()).containsExactly(1, 3, 5, 9);
  }

  @Test
  void targetVectorsArePackedInTheSameOrder() {
    List<Tuple2<Long, Sample>> rows =
        List.of(
            new Tuple2<>(6L, new Sample(new float[] {6}, -1, new float[] {0.6f, 6})),
            new Tuple2<>(2L, new Sample(new float[] {2}, -1, new float[] {0.2f, 2})));
    Shard s = Shard.pack(0, rows.iterator());
    assertThat(s.targetLength()).isEqualTo(2);
    Example b = s.batch(new int[] {1, 0}, 0, 2, new int[] {1});
    assertThat(b.input().toFloatArray()).containsExactly(6, 2);
    assertThat(b.target().shape()).containsExactly(2, 2);
    assertThat(b.target().toFloatArray()).containsExactly(0.6f, 6, 0.2f, 2);
  }

  static boolean isPermutation(int[] order, int n) {
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    return Arrays.equals(sorted, IntStream.range(0, n).toArray());
  }

  @Test
  void anOrderIsAPermutationOfTheShardTrimmedOrPaddedByRepeatingIt() {
    Shard s = shard(IntStream.range(0, 10).asLongStream().toArray());
    assertThat(s.order(10, false, 0)).containsExactly(IntStream.range(0, 10).toArray());
    int[] full = s.order(10, true, 42);
    assertThat(isPermutation(full, 10)).as(Arrays.toString(full)).isTrue();
    assertThat(full).isNotEqualTo(IntStream.range(0, 10).toArray());
    assertThat(s.order(10, true, 43)).isNotEqualTo(full);

    // padded: 25 rows from 10 repeat the epoch's permutation from its start
    int[] padded = s.order(25, true, 42);
    assertThat(Arrays.copyOf(padded, 10)).isEqualTo(full);
    for (int k = 10; k < 25; k++) {
      assertThat(padded[k]).as("row %d", k).isEqualTo(full[k % 10]);
    }
    // trimmed: 6 rows, distinct, the start of the same permutation
    assertThat(s.order(6, true, 42)).isEqualTo(Arrays.copyOf(full, 6)).doesNotHaveDuplicates();
  }

  @Test
  void aShardSmallerThanTheOrderRepeatsItsRowsWithoutShuffling() {
    assertThat(shard(4, 0, 8).order(7, false, 1)).containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void anEmptyShardHasNoOrderAndSaysWhose() {
    Shard empty = Shard.pack(3, List.<Tuple2<Long, Sample>>of().iterator());
    assertThat(empty.size()).isZero();
    assertThatThrownBy(() -> empty.order(4, true, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("worker 3's shard is empty");
  }

  @Test
  void aRowOfAnotherLengthIsNamed() {
    List<Tuple2<Long, Sample>> rows =
        List.of(
            new Tuple2<>(7L, Sample.classIndex(new float[] {1, 2, 3}, 0)),
            new Tuple2<>(0L, Sample.classIndex(new float[] {1, 2}, 0)));
    assertThatThrownBy(() -> Shard.pack(0, rows.iterator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 7 has 3 input values, expected 2 as row 0 has");

    List<Tuple2<Long, Sample>> mixed =
        List.of(
            new Tuple2<>(4L, new Sample(new float[] {1}, -1, new float[] {1, 2})),
            new Tuple2<>(2L, Sample.classIndex(new float[] {1}, 0)));
    assertThatThrownBy(() -> Shard.pack(0, mixed.iterator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 4 has a target of 2 values, but row 2 has a class-index label");
  }
}
