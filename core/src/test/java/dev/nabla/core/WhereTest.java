package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Tensor#where} and {@link Tensor#maskedFill}: values and gradients from PyTorch 1.13. */
class WhereTest {

  private static final int[][][] WHERE_SHAPES = {
    {{}, {}, {}},
    {{1}, {}, {1}},
    {{2, 3}, {2, 3}, {2, 3}},
    {{1, 3}, {2, 1}, {3}},
    {{2, 1}, {}, {2, 3}},
    {{4, 19}, {4, 19}, {19}},
  };

  @Test
  void whereMatchesTheReferenceAndItsGradientOnEveryBroadcast() {
    // cond comes from a float input (> 0), kept away from 0 so finite differences do not flip it
    OpCheck.of(
            "where",
            in -> Tensor.where(in[0].gt(0), in[1], in[2]),
            in ->
                OpCheck.broadcast(
                    OpCheck.broadcast(in[0], in[1], (c, a) -> c > 0 ? a : 0),
                    OpCheck.broadcast(in[0], in[2], (c, b) -> c > 0 ? 0 : b),
                    Double::sum))
        .shapeCases(WHERE_SHAPES)
        .awayFrom(0)
        .check();
  }

  @Test
  void maskedFillMatchesTheReferenceAndItsGradient() {
    OpCheck.of(
            "maskedFill",
            in -> in[0].maskedFill(in[1].gt(0), -1.5),
            in -> OpCheck.broadcast(in[0], in[1], (x, m) -> m > 0 ? -1.5 : x))
        .shapeCases(
            new int[][] {{}, {}},
            new int[][] {{1}, {}},
            new int[][] {{2, 3}, {3}},
            new int[][] {{2, 3}, {2, 1}},
            new int[][] {{4, 19}, {4, 19}})
        .awayFrom(0)
        .check();
  }

  @Test
  void whereBroadcastsAndSendsTheGradientToThePickedSideAsPyTorch() {
    Tensor c = Tensor.of(new boolean[] {true, false, true}, 1, 3);
    Tensor a = Tensor.of(new double[] {1, 2}, 2, 1).requiresGrad(true);
    Tensor b = Tensor.of(new double[] {10, 20, 30}, 3).requiresGrad(true);

    Tensor y = Tensor.where(c, a, b);
    y.mul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)).sum().backward();

    assertThat(y.shape()).containsExactly(2, 3);
    assertThat(y.toDoubleArray()).containsExactly(1, 20, 1, 2, 20, 2);
    assertThat(a.grad().toDoubleArray()).containsExactly(4, 10);
    assertThat(b.grad().toDoubleArray()).containsExactly(0, 7, 0);
  }

  @Test
  void whereAndMaskedFillWorkOnEveryDType() {
    Tensor c = Tensor.of(new boolean[] {true, false}, 2);
    assertThat(
            Tensor.where(c, Tensor.of(new long[] {1L << 40, 1}, 2), Tensor.zeros(DType.INT64))
                .toLongArray())
        .containsExactly(1L << 40, 0L);
    assertThat(
            Tensor.where(c, Tensor.ones(DType.BOOL, 2), Tensor.zeros(DType.BOOL, 2))
                .toBooleanArray())
        .containsExactly(true, false);
    assertThat(Tensor.where(c, Tensor.scalar(1f), Tensor.scalar(2f)).toFloatArray())
        .containsExactly(1f, 2f);
    // torch.tensor([1, 2, 3]).masked_fill(torch.tensor([False, True, False]), 7.9) -> [1, 7, 3]
    assertThat(
            Tensor.of(new int[] {1, 2, 3}, 3)
                .maskedFill(Tensor.of(new boolean[] {false, true, false}, 3), 7.9)
                .toIntArray())
        .containsExactly(1, 7, 3);
  }

  @Test
  void maskedFillZeroesTheGradientWhereMaskedAsPyTorch() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);

    Tensor z = x.maskedFill(Tensor.of(new boolean[] {true, false}, 2), -1.5);
    z.sum().backward();

    assertThat(z.toDoubleArray()).containsExactly(-1.5, 2, -1.5, 4);
    assertThat(x.grad().toDoubleArray()).containsExactly(0, 1, 0, 1);
    assertThat(x.toDoubleArray()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void badArgumentsAreNamed() {
    Tensor x = Tensor.zeros(2, 3);
    Tensor m = Tensor.zeros(DType.BOOL, 3);

    assertThatThrownBy(() -> Tensor.where(x, x, x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("where: cond must be BOOL, got FLOAT32");
    assertThatThrownBy(() -> Tensor.where(m, x, Tensor.zeros(DType.FLOAT64, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("where: a and b must have one dtype, got FLOAT32 and FLOAT64");
    assertThatThrownBy(() -> Tensor.where(Tensor.zeros(DType.BOOL, 4), x, x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("where: shapes cond [4], a [2, 3] and b [2, 3] do not broadcast together");
    assertThatThrownBy(() -> Tensor.where(null, x, x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("where: cond must not be null");
    assertThatThrownBy(() -> x.maskedFill(Tensor.zeros(DType.INT32, 3), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maskedFill: mask must be BOOL, got INT32");
    assertThatThrownBy(() -> x.maskedFill(Tensor.zeros(DType.BOOL, 2, 2, 3), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "maskedFill: mask of shape [2, 2, 3] does not broadcast to the input's shape [2, 3]");
  }
}
