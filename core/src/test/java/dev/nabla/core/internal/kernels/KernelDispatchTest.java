package dev.nabla.core.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one dtype dispatch of the kernel interfaces: methods take {@code Object} arrays, run the loop
 * of their type, and reject a type they have no loop for with an error naming the kernel, what it
 * expected and the type it got, in the plain kernels and in the chosen (vector) ones alike.
 */
class KernelDispatchTest {
  private static final short[] SHORTS = {1, 2};

  private static List<ElementwiseKernels> elementwise() {
    return List.of(Kernels.plainElementwise(), Kernels.elementwise());
  }

  private static List<LinalgKernels> linalg() {
    return List.of(Kernels.plainLinalg(), Kernels.linalg());
  }

  @Test
  void oneMethodRunsTheLoopOfEachArrayType() {
    for (ElementwiseKernels k : elementwise()) {
      float[] f = new float[2];
      k.binary(
          Binary.ADD,
          new float[] {1, 2},
          new int[] {2},
          new float[] {3},
          new int[] {},
          f,
          new int[] {2});
      double[] d = new double[2];
      k.binary(
          Binary.ADD,
          new double[] {1, 2},
          new int[] {2},
          new double[] {3},
          new int[] {},
          d,
          new int[] {2});
      int[] i = new int[2];
      k.binary(
          Binary.ADD,
          new int[] {1, 2},
          new int[] {2},
          new int[] {3},
          new int[] {},
          i,
          new int[] {2});
      assertThat(f).containsExactly(4f, 5f);
      assertThat(d).containsExactly(4.0, 5.0);
      assertThat(i).containsExactly(4, 5);
      float[] leaky = new float[2];
      k.leakyRelu(new float[] {-2, 3}, 0.1, leaky, 0, 2);
      assertThat(leaky).containsExactly(-2 * 0.1f, 3f);
      int[] cast = new int[2];
      k.cast(new double[] {-1.5, 2.5}, cast, 0, 2);
      assertThat(cast).containsExactly(-1, 2);
    }
    for (LinalgKernels k : linalg()) {
      float[] c = new float[1];
      k.gemm(
          new Gemm(false, false, 1, 1, 2, 2, 1, 1, false),
          new float[] {1, 2},
          0,
          new float[] {3, 4},
          0,
          c,
          0);
      double[] cd = new double[1];
      k.gemm(
          new Gemm(false, true, 1, 1, 2, 2, 2, 1, false),
          new double[] {1, 2},
          0,
          new double[] {3, 4},
          0,
          cd,
          0);
      assertThat(c).containsExactly(11f);
      assertThat(cd).containsExactly(11.0);
    }
  }

  @Test
  void anArrayTypeWithoutALoopIsRejectedByName() {
    for (ElementwiseKernels k : elementwise()) {
      assertThatThrownBy(
              () ->
                  k.binary(
                      Binary.ADD,
                      SHORTS,
                      new int[] {2},
                      SHORTS,
                      new int[] {2},
                      SHORTS,
                      new int[] {2}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "binary kernel: expected a float[], double[], int[] or long[] array, got short[]");
      assertThatThrownBy(() -> k.unary(Unary.EXP, SHORTS, SHORTS, 0, 2))
          .hasMessage(
              "unary kernel: expected a float[], double[], int[] or long[] array, got short[]");
      assertThatThrownBy(
              () -> k.unaryBackward(UnaryGrad.EXP, new int[2], new int[2], new int[2], 0, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("unaryBackward kernel: expected a float[] or double[] array, got int[]");
      assertThatThrownBy(() -> k.cast(new float[2], new float[2], 0, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "cast kernel: expected two different ones of float[], double[], int[], long[] and boolean[],"
                  + " got float[] and float[]");
    }
    for (ShapeKernels k : List.of(Kernels.plainShape(), Kernels.shape())) {
      assertThatThrownBy(() -> k.sum(SHORTS, new int[] {2}, new int[] {0}, new long[1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "sum kernel: expected a float[], double[], int[], long[] or boolean[] array, got"
                  + " short[]");
      assertThatThrownBy(
              () -> k.permute(new short[6], new int[] {2, 3}, new int[] {1, 0}, new short[6]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("permute kernel: expected");
    }
    for (LinalgKernels k : linalg()) {
      Gemm g = new Gemm(false, false, 1, 1, 1, 1, 1, 1, false);
      assertThatThrownBy(() -> k.gemm(g, new int[1], 0, new int[1], 0, new int[1], 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("gemm kernel: expected float[] or double[] arrays, got int[]");
      assertThatThrownBy(
              () -> k.softmax(LinalgKernels.SoftmaxKind.SOFTMAX, SHORTS, null, SHORTS, 1, 2, 1))
          .hasMessage("softmax kernel: expected float[] or double[] arrays, got short[]");
    }
  }
}
