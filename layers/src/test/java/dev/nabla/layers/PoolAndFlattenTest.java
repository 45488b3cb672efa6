package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static dev.nabla.layers.LayerAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nabla.core.Tensor;
import org.junit.jupiter.api.Test;

class PoolAndFlattenTest {
  /** [[1 2 3 4] [5 6 7 8] [9 10 11 12] [13 14 15 16]] as [1, 1, 4, 4]. */
  private static Tensor grid() {
    float[] v = new float[16];
    for (int i = 0; i < 16; i++) {
      v[i] = i + 1;
    }
    return Tensor.of(v, 1, 1, 4, 4);
  }

  @Test
  void maxPoolTakesTheMaximumOfEachWindowWithStrideKernelByDefault() {
    MaxPool2d pool = new MaxPool2d(2);
    assertThat(pool.stride()).isEqualTo(2);
    assertThat(pool.padding()).isZero();
    Tensor y = pool.apply(grid());
    assertThat(y.shape()).containsExactly(1, 1, 2, 2);
    assertThat(y.toFloatArray()).containsExactly(6, 8, 14, 16);
  }

  @Test
  void maxPoolWithOverlapAndPadding() {
    // 3x3 windows, stride 2, padding 1 on 4x4: output 2x2, windows rows/cols {-1..1}, {1..3}.
    Tensor y = new MaxPool2d(3, 2, 1).apply(grid());
    assertThat(y.shape()).containsExactly(1, 1, 2, 2);
    assertThat(y.toFloatArray()).containsExactly(6, 8, 14, 16);
  }

  @Test
  void avgPoolAveragesEachWindowCountingPaddedZeros() {
    Tensor y = new AvgPool2d(2).apply(grid());
    // (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5, (9+10+13+14)/4 = 11.5, (11+12+15+16)/4 = 13.5
    assertThat(y.toFloatArray()).containsExactly(3.5f, 5.5f, 11.5f, 13.5f);
    Tensor padded = new AvgPool2d(2, 2, 1).apply(grid());
    // Windows start at -1: the corner window holds only 1 (three zeros of padding): 1/4.
    assertThat(padded.shape()).containsExactly(1, 1, 3, 3);
    assertThat(padded.toFloatArray()[0]).isEqualTo(0.25f);
    assertThat(padded.toFloatArray()[4]).isEqualTo((6 + 7 + 10 + 11) / 4f);
  }

  @Test
  void gradCheckPoolingLayers() {
    assertModuleGradients(new MaxPool2d(2), randn64(1L, 2, 2, 4, 4));
    assertModuleGradients(new MaxPool2d(3, 2, 1), randn64(2L, 1, 1, 5, 5));
    assertModuleGradients(new AvgPool2d(2), randn64(3L, 1, 2, 4, 4));
    assertModuleGradients(new AvgPool2d(3, 1, 1), randn64(4L, 1, 1, 3, 3));
  }

  @Test
  void poolingRejectsBadInputAndArguments() {
    assertThatThrownBy(() -> new MaxPool2d(2).apply(Tensor.zeros(4, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MaxPool2d(kernel=2, stride=2, padding=0): maxPool2d: expected input of rank 4 "
                + "[N, C, H, W], got shape [4, 4]");
    assertThatThrownBy(() -> new AvgPool2d(3).apply(Tensor.zeros(1, 1, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "AvgPool2d(kernel=3, stride=3, padding=0): avgPool2d: kernel 3x3 is larger than "
                + "the padded input 2x2 (input [1, 1, 2, 2], padding 0)");
    assertThatThrownBy(() -> new MaxPool2d(2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "MaxPool2d: padding 2 must be at most half the kernel size 2 (expected padding "
                + "<= 1)");
    assertThatThrownBy(() -> new AvgPool2d(0))
        .hasMessage("AvgPool2d: kernel size must be >= 1, got 0");
    assertThatThrownBy(() -> new MaxPool2d(2, 0, 0))
        .hasMessage("MaxPool2d: stride must be >= 1, got 0");
    assertThatThrownBy(() -> new MaxPool2d(2, 1, -1))
        .hasMessage("MaxPool2d: padding must be >= 0, got -1");
  }

  @Test
  void aBadWindowFailsAtBuildTimeWithTheOpsOwnMessageNamingTheLayer() {
    Tensor x = grid();
    // kernel, stride, padding: each of the op's window checks
    for (int[] w : new int[][] {{0, 1, 0}, {2, 0, 0}, {2, 1, -1}, {2, 2, 2}}) {
      String max = catchThrowable(() -> x.maxPool2d(w[0], w[1], w[2])).getMessage();
      String avg = catchThrowable(() -> x.avgPool2d(w[0], w[1], w[2])).getMessage();
      assertThat(max).startsWith("maxPool2d: ");
      assertThat(avg).startsWith("avgPool2d: ");
      assertThatThrownBy(() -> new MaxPool2d(w[0], w[1], w[2]))
          .hasMessage("MaxPool2d: " + max.substring("maxPool2d: ".length()));
      assertThatThrownBy(() -> new AvgPool2d(w[0], w[1], w[2]))
          .hasMessage("AvgPool2d: " + avg.substring("avgPool2d: ".length()));
    }
  }

  @Test
  void flattenKeepsTheBatchDimension() {
    Tensor x = Tensor.randn(1L, 2, 3, 4, 5);
    Tensor y = new Flatten().apply(x);
    assertThat(y.shape()).containsExactly(2, 60);
    assertThat(y.toFloatArray()).isEqualTo(x.toFloatArray());
    assertThat(new Flatten().apply(Tensor.zeros(3, 7)).shape()).containsExactly(3, 7);
    assertModuleGradients(new Flatten(), randn64(2L, 2, 2, 3));
  }

  @Test
  void flattenRejectsRankBelowTwo() {
    assertThatThrownBy(() -> new Flatten().apply(Tensor.zeros(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Flatten: input [5] has rank 1, expected rank >= 2 ([N, ...], the batch "
                + "dimension is kept)");
  }

  @Test
  void reprsArePytorchLike() {
    assertThat(new MaxPool2d(2)).hasToString("MaxPool2d(kernel=2, stride=2, padding=0)");
    assertThat(new AvgPool2d(3, 1, 1)).hasToString("AvgPool2d(kernel=3, stride=1, padding=1)");
    assertThat(new Flatten()).hasToString("Flatten()");
  }
}
