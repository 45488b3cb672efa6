package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Windows of a token stream for next-token prediction. */
class TextDatasetTest {
  private static int[] range(int from, int to) {
    return IntStream.range(from, to).toArray();
  }

  @Test
  void theTargetIsTheInputShiftedByOne() {
    TextDataset d = new TextDataset(range(0, 10), 3);
    // windows of 4 tokens every 3: starts 0, 3, 6 (6..9 is the last that fits)
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.stride()).isEqualTo(3);
    assertThat(d.blockSize()).isEqualTo(3);
    Example e = d.get(1);
    assertThat(e.input().dtype()).isEqualTo(DType.INT32);
    assertThat(e.input().shape()).containsExactly(3);
    assertThat(e.input().intStorage()).containsExactly(3, 4, 5);
    assertThat(e.target().intStorage()).containsExactly(4, 5, 6);
    assertThat(d.get(2).target().intStorage()).containsExactly(7, 8, 9);
    assertThat(d.toString())
        .isEqualTo("TextDataset[3 windows of 3 tokens, stride 3, 10 tokens in 1 segment]");
  }

  @Test
  void strideOneGivesAWindowAtEveryOffsetAndATooShortTailIsLeftOut() {
    TextDataset every = new TextDataset(range(100, 110), 4, 1);
    assertThat(every.size()).isEqualTo(6); // 10 - 4 - 1 + 1
    for (int i = 0; i < every.size(); i++) {
      assertThat(every.get(i).input().intStorage()).containsExactly(range(100 + i, 104 + i));
      assertThat(every.get(i).target().intStorage()).containsExactly(range(101 + i, 105 + i));
    }
    // stride 4 over 11 tokens: starts 0 and 4 (8..12 would need 13 tokens)
    assertThat(new TextDataset(range(0, 11), 4).size()).isEqualTo(2);
    assertThat(new TextDataset(range(0, 13), 4).size()).isEqualTo(3);
    // a stride longer than the window skips tokens
    TextDataset sparse = new TextDataset(range(0, 20), 2, 5);
    assertThat(sparse.size()).isEqualTo(4);
    assertThat(sparse.get(3).input().intStorage()).containsExactly(15, 16);
  }

  @Test
  void windowsNeverCrossFromOneSegmentIntoTheNext() {
    List<int[]> segments = List.of(range(0, 7), range(100, 102), new int[0], range(200, 209));
    TextDataset d = new TextDataset(segments, 2, 2);
    // segment 0: starts 0, 2, 4; segment 1 (2 tokens) and 2 (none) hold no window of 3;
    // segment 3: starts 0, 2, 4, 6
    assertThat(d.size()).isEqualTo(7);
    assertThat(d.segmentCount()).isEqualTo(4);
    assertThat(d.tokenCount()).isEqualTo(18);
    List<String> windows = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      int[] in = d.get(i).input().intStorage();
      int[] out = d.get(i).target().intStorage();
      assertThat(out[0]).isEqualTo(in[1]);
      assertThat(out[1] / 100).isEqualTo(in[0] / 100); // same segment
      windows.add(Arrays.toString(in) + Arrays.toString(d.position(i)));
    }
    assertThat(windows)
        .containsExactly(
            "[0, 1][0, 0]",
            "[2, 3][0, 2]",
            "[4, 5][0, 4]",
            "[200, 201][3, 0]",
            "[202, 203][3, 2]",
            "[204, 205][3, 4]",
            "[206, 207][3, 6]");
  }

  @Test
  void aBatchIsTheStackOfItsWindowsAndTheLoaderMakesBT() {
    TextDataset d = new TextDataset(List.of(range(0, 50), range(1000, 1040)), 8, 3);
    int[] indices = {0, d.size() - 1, 5, 13};
    Example b = d.batch(indices);
    assertThat(b.input().shape()).containsExactly(4, 8);
    assertThat(b.target().shape()).containsExactly(4, 8);
    Example stacked = new Subset(d, range(0, d.size())).batch(indices);
    assertThat(b.input().intStorage()).containsExactly(stacked.input().intStorage());
    assertThat(b.target().intStorage()).containsExactly(stacked.target().intStorage());
    // the loader's batches cover each window once per epoch
    var loader = DataLoader.builder(d).batchSize(5).shuffle(true).seed(7L).build();
    int seen = 0;
    for (Example batch : loader) {
      int rows = batch.input().dim(0);
      assertThat(batch.input().shape()).containsExactly(rows, 8);
      seen += rows;
    }
    assertThat(seen).isEqualTo(d.size());
  }

  @Test
  void theIdsAreCopiedWhenTheDatasetIsBuilt() {
    int[] ids = range(0, 5);
    TextDataset d = new TextDataset(ids, 4);
    ids[0] = 99;
    assertThat(d.get(0).input().intStorage()).containsExactly(0, 1, 2, 3);
    d.get(0).input().intStorage()[0] = 42;
    assertThat(d.get(0).input().intStorage()[0]).isEqualTo(0);
  }

  @Test
  void badWindowsAndTooShortTextAreRejected() {
    assertThatThrownBy(() -> new TextDataset(range(0, 10), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TextDataset: expected blockSize >= 1 (tokens per input), got 0");
    assertThatThrownBy(() -> new TextDataset(range(0, 10), 3, 0))
        .hasMessage("TextDataset: expected stride >= 1 (tokens between window starts), got 0");
    assertThatThrownBy(() -> new TextDataset(range(0, 10), 3, -2))
        .hasMessage("TextDataset: expected stride >= 1 (tokens between window starts), got -2");
    assertThatThrownBy(() -> new TextDataset(range(0, 4), 4))
        .hasMessage(
            "TextDataset: expected a token array of at least blockSize + 1 = 5 tokens"
                + " (an input and its target shifted by one), got at most 4");
    assertThatThrownBy(() -> new TextDataset(new int[0], 1))
        .hasMessage(
            "TextDataset: expected a token array of at least blockSize + 1 = 2 tokens"
                + " (an input and its target shifted by one), got no tokens");
    assertThatThrownBy(() -> new TextDataset((int[]) null, 1))
        .hasMessage("TextDataset: expected token ids, got null");
    assertThatThrownBy(() -> new TextDataset(List.of(), 1, 1))
        .hasMessage("TextDataset: expected one or more token arrays, none null, got none");
    assertThatThrownBy(() -> new TextDataset(List.of(range(0, 3), new int[] {1, -1, 2}), 1, 1))
        .hasMessage("TextDataset: expected token ids >= 0, got -1 at position 1 of segment 1");
    TextDataset d = new TextDataset(range(0, 10), 3);
    assertThatThrownBy(() -> d.get(3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("TextDataset.get: index 3 is out of range [0, 3)");
    assertThatThrownBy(() -> d.batch(new int[] {0, -1}))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("TextDataset.batch: index -1 at position 1 is out of range [0, 3)");
    assertThatThrownBy(() -> d.batch(new int[0]))
        .hasMessage("TextDataset.batch: expected at least one index, got []");
  }
}
