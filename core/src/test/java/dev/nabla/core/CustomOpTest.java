package dev.nabla.core;

import static dev.nabla.core.GradAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** A user's op written the way nabla's own are: one class, forward and backward. */
class CustomOpTest {

  /** x^3 written with tensor ops. */
  static final class Cube extends Op {
    @Override
    protected Tensor forward(OpContext ctx, Tensor... in) {
      ctx.save(in[0]);
      return in[0].mul(in[0]).mul(in[0]);
    }

    @Override
    protected Tensor[] backward(OpContext ctx, Tensor grad) {
      Tensor x = ctx.saved(0);
      return new Tensor[] {grad.mul(x.mul(x).mul(3))};
    }
  }

  /**
   * a * b + b written on raw arrays, returning the output-shaped gradient for a broadcast input.
   */
  static final class MulAdd extends Op {
    @Override
    protected Tensor forward(OpContext ctx, Tensor... in) {
      ctx.save(in[0], in[1]);
      return in[0].mul(in[1]).add(in[1]);
    }

    @Override
    protected Tensor[] backward(OpContext ctx, Tensor grad) {
      Tensor a = ctx.saved(0), b = ctx.saved(1);
      // Both gradients have the broadcast (output) shape: the engine sums them back.
      return new Tensor[] {grad.mul(b), ctx.needsInputGrad(1) ? grad.mul(a.add(1)) : null};
    }
  }

  /** Forgets the factor 2 of d/dx x^2, so GradCheck must catch it. */
  static final class WrongSquare extends Op {
    @Override
    protected Tensor forward(OpContext ctx, Tensor... in) {
      ctx.save(in[0]);
      return in[0].mul(in[0]);
    }

    @Override
    protected Tensor[] backward(OpContext ctx, Tensor grad) {
      return new Tensor[] {grad.mul(ctx.saved(0))};
    }
  }

  @Test
  void customOpIsRecordedAndDifferentiated() {
    Tensor x = Tensor.of(new double[] {1, -2, 0.5}, 3).requiresGrad(true);
    Tensor y = new Cube().apply(x);
    assertThat(y.gradFn().opName()).isEqualTo("Cube");
    assertThat(y.toDoubleArray()).containsExactly(1, -8, 0.125);
    y.sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(3, 12, 0.75);
  }

  @Test
  void customOpPassesGradCheckIncludingBroadcastInputs() {
    GradAssert.assertGradients(in -> new Cube().apply(in[0]), randn64(1, 2, 3));
    GradAssert.assertGradients(
        in -> new MulAdd().apply(in[0], in[1]), randn64(2, 2, 3), randn64(3, 3));
    GradAssert.assertGradients(
        in -> new MulAdd().apply(in[0], in[1]), randn64(4, 4, 1), Tensor.scalar(0.7));
  }

  @Test
  void gradCheckCatchesAWrongBackwardAndNamesTheWorstEntry() {
    Tensor x = Tensor.of(new double[] {1, 3}, 2);
    GradCheck.Result r = GradCheck.check(in -> new WrongSquare().apply(in[0]), x);
    assertThat(r.passed()).isFalse();
    assertThat(r.input()).isZero();
    assertThat(r.index()).containsExactly(1); // d/dx at x=3: analytic 3, numeric 6
    assertThat(r.analytic()).isCloseTo(3, within(1e-9));
    assertThat(r.numeric()).isCloseTo(6, within(1e-6));
    assertThat(r.toString()).contains("FAILED", "input 0", "[1]", "analytic=3", "numeric=6");
  }

  @Test
  void gradCheckPassesWithNonDifferentiableIndexInputs() {
    Tensor idx = Tensor.of(new int[] {2, 0}, 2, 1);
    GradAssert.assertGradients(in -> in[0].gather(1, in[1]), randn64(5, 2, 3), idx);
  }

  @Test
  void opMisbehaviourIsReportedWithTheOpName() {
    Op wrongCount =
        new Op() {
          @Override
          public String name() {
            return "Broken";
          }

          @Override
          protected Tensor forward(OpContext ctx, Tensor... in) {
            return in[0].mul(1);
          }

          @Override
          protected Tensor[] backward(OpContext ctx, Tensor grad) {
            return new Tensor[0];
          }
        };
    Tensor x = Tensor.ones(2).requiresGrad(true);
    assertThatThrownBy(() -> wrongCount.apply(x).sum().backward())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Broken")
        .hasMessageContaining("one per input");

    Op wrongShape =
        new Op() {
          @Override
          protected Tensor forward(OpContext ctx, Tensor... in) {
            return in[0].mul(1);
          }

          @Override
          protected Tensor[] backward(OpContext ctx, Tensor grad) {
            return new Tensor[] {Tensor.ones(3)};
          }
        };
    assertThatThrownBy(() -> wrongShape.apply(x).sum().backward())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[3]")
        .hasMessageContaining("[2]");
  }

  @Test
  void forwardReturningItsInputDoesNotRewireTheInput() {
    Op identity =
        new Op() {
          @Override
          protected Tensor forward(OpContext ctx, Tensor... in) {
            return in[0];
          }

          @Override
          protected Tensor[] backward(OpContext ctx, Tensor grad) {
            return new Tensor[] {grad};
          }
        };
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Tensor y = identity.apply(x);
    assertThat(y).isNotSameAs(x);
    assertThat(x.isLeaf()).isTrue();
    y.sum().backward();
    assertThat(x.grad().toFloatArray()).containsExactly(1f, 1f);
  }

  @Test
  void savedTensorsAreReleasedAfterBackward() {
    Tensor x = Tensor.ones(2).requiresGrad(true);
    Tensor y = new Cube().apply(x);
    Node n = y.gradFn();
    y.sum().backward();
    assertThat(n.isReleased()).isTrue();
  }
}
