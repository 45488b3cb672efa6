package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.internal.ArrayPool;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The ops that take their output's storage from {@link ArrayPool} without zero-filling it write
 * every element: with the pool full of NaN-filled arrays of the output's size, they give exactly
 * what they give on a thread whose pool is empty, forward and backward.
 */
class PooledStorageTest {

  private static void poison(int length) {
    for (int k = 0; k < 4; k++) {
      float[] a = new float[length];
      Arrays.fill(a, Float.NaN);
      ArrayPool.give(a);
    }
  }

  /** The op's output and its inputs' gradients, as flat arrays. */
  private static List<float[]> run(
      Supplier<Tensor[]> inputs, java.util.function.Function<Tensor[], Tensor> op) {
    Tensor[] in = inputs.get();
    Tensor out = op.apply(in);
    out.mul(out).sum().backward();
    List<float[]> r = new java.util.ArrayList<>();
    r.add(out.toFloatArray());
    for (Tensor t : in) {
      if (t.grad() != null) {
        r.add(t.grad().toFloatArray());
      }
    }
    return r;
  }

  private static List<float[]> onFreshThread(
      Supplier<Tensor[]> inputs, java.util.function.Function<Tensor[], Tensor> op)
      throws InterruptedException {
    AtomicReference<List<float[]>> r = new AtomicReference<>();
    Thread t = new Thread(() -> r.set(run(inputs, op)));
    t.start();
    t.join();
    return r.get();
  }

  private static void check(
      int[] lengths, Supplier<Tensor[]> inputs, java.util.function.Function<Tensor[], Tensor> op)
      throws InterruptedException {
    List<float[]> clean = onFreshThread(inputs, op);
    for (int n : lengths) {
      poison(n);
    }
    List<float[]> pooled = run(inputs, op);
    assertThat(pooled).hasSameSizeAs(clean);
    for (int i = 0; i < clean.size(); i++) {
      assertThat(pooled.get(i)).as("result %d", i).isEqualTo(clean.get(i));
    }
  }

  @Test
  void matmulWithAndWithoutBiasOverwritesItsOutputAndGradients() throws InterruptedException {
    int[] lengths = {32 * 48, 48 * 64, 32 * 64};
    Supplier<Tensor[]> in =
        () ->
            new Tensor[] {
              Tensor.randn(1L, 32, 48).requiresGrad(true),
              Tensor.randn(2L, 48, 64).requiresGrad(true),
              Tensor.randn(3L, 64).requiresGrad(true)
            };
    check(lengths, in, t -> t[0].matmul(t[1]));
    check(lengths, in, t -> t[0].matmul(t[1]).add(t[2]));
    check(lengths, in, t -> t[0].matmul(t[1]).relu());
    // batched, transposed operand
    Supplier<Tensor[]> batched =
        () ->
            new Tensor[] {
              Tensor.randn(4L, 3, 32, 40).requiresGrad(true),
              Tensor.randn(5L, 3, 48, 40).requiresGrad(true)
            };
    check(
        new int[] {3 * 32 * 48, 3 * 32 * 40, 3 * 48 * 40},
        batched,
        t -> t[0].matmul(t[1].transpose(1, 2)));
  }

  @Test
  void elementwiseOpsOverwriteTheirOutputsAndGradients() throws InterruptedException {
    int[] lengths = {64 * 64};
    Supplier<Tensor[]> in =
        () ->
            new Tensor[] {
              Tensor.randn(6L, 64, 64).requiresGrad(true),
              Tensor.randn(7L, 64).requiresGrad(true),
              Tensor.randn(8L, 64, 1).requiresGrad(true)
            };
    check(lengths, in, t -> t[0].tanh());
    check(lengths, in, t -> t[0].sigmoid().mul(t[1]));
    check(lengths, in, t -> t[1].add(t[2]).relu());
    check(lengths, in, t -> t[0].sub(t[2]).exp().div(t[1].abs().add(1)));
  }
}
