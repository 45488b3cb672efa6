package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A leaf keeps the gradient a built-in op's backward allocated for it (no copy on first store), and
 * gets a copy whenever something else may hold that gradient: the incoming gradient passed through,
 * a gradient shared by two inputs, a view of one, a user op's gradient.
 */
class OwnedGradientTest {

  private static float[] values(Tensor t) {
    return t.toFloatArray();
  }

  /** Adds 100 to every element of {@code t}'s storage, in place. */
  private static void scribble(Tensor t) {
    float[] s = t.floatStorage();
    for (int i = 0; i < s.length; i++) {
      s[i] += 100;
    }
  }

  @Test
  void gradientSharedByTwoLeavesIsNotAliased() {
    Tensor a = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {4, 5, 6}, 3).requiresGrad(true);
    Tensor seed = Tensor.of(new float[] {1, 2, 3}, 3);
    a.add(b).backward(seed); // Add's backward passes the seed to both inputs
    assertThat(a.grad()).isNotSameAs(b.grad());
    assertThat(a.grad().floatStorage()).isNotSameAs(b.grad().floatStorage());
    scribble(a.grad());
    assertThat(values(b.grad())).containsExactly(1, 2, 3);
    assertThat(values(seed)).containsExactly(1, 2, 3);
    assertThat(values(a.grad())).containsExactly(101, 102, 103);
  }

  @Test
  void gradientSharedThroughAnIntermediateIsNotAliased() {
    // d(a + b*1)/d a and /d b: the same array reaches a directly and b through Mul and a view.
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 4).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {5, 6, 7, 8}, 2, 2).requiresGrad(true);
    Tensor y = a.add(b.reshape(4));
    y.backward(Tensor.of(new float[] {1, 1, 1, 1}, 4));
    scribble(a.grad());
    assertThat(values(b.grad())).containsExactly(1, 1, 1, 1);
    assertThat(b.grad().shape()).containsExactly(2, 2);
  }

  @Test
  void broadcastGradientIsSummedIntoItsOwnTensor() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
    Tensor bias = Tensor.of(new float[] {0, 0, 0}, 3).requiresGrad(true);
    Tensor seed = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    x.add(bias).backward(seed);
    assertThat(values(bias.grad())).containsExactly(5, 7, 9);
    scribble(bias.grad());
    assertThat(values(x.grad())).containsExactly(1, 2, 3, 4, 5, 6);
    scribble(x.grad());
    assertThat(values(seed)).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void leafUsedTwiceAccumulatesBothGradients() {
    Tensor x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true);
    Tensor w = Tensor.of(new float[] {2, 3, 4}, 3).requiresGrad(true);
    x.mul(w).add(x.mul(x)).sum().backward(); // d/dx = w + 2x, d/dw = x
    assertThat(values(x.grad())).containsExactly(4, 7, 10);
    assertThat(values(w.grad())).containsExactly(1, 2, 3);
  }

  /** A user's op whose backward returns a tensor it keeps: the leaf must get a copy. */
  static final class CachedGradient extends Op {
    final Tensor cached = Tensor.of(new float[] {7, 7}, 2);

    @Override
    protected Tensor forward(OpContext ctx, Tensor... in) {
      return in[0].mul(2);
    }

    @Override
    protected Tensor[] backward(OpContext ctx, Tensor grad) {
      return new Tensor[] {cached};
    }
  }

  @Test
  void userOpGradientIsCopied() {
    CachedGradient op = new CachedGradient();
    Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    op.apply(x).sum().backward();
    assertThat(x.grad()).isNotSameAs(op.cached);
    scribble(x.grad());
    assertThat(values(op.cached)).containsExactly(7, 7);
  }

  @Test
  void builtInOpGradientIsTakenOverWithoutACopy() {
    int n = 512; // a 1 MB weight gradient: a copy would double what backward allocates
    Tensor x = Tensor.randn(1L, 1, n);
    Tensor w = Tensor.randn(2L, n, n).requiresGrad(true);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    // Many repetitions: until the JIT compiles the Vector API kernels, they allocate as well.
    for (int rep = 0; rep < 300; rep++) {
      w.grad(); // handed out: zeroGrad() then keeps it, so every backward allocates a new one
      w.zeroGrad();
      Tensor loss = x.matmul(w).sum();
      long before = threads.getCurrentThreadAllocatedBytes();
      loss.backward();
      least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
    long gradBytes = 4L * n * n;
    assertThat(least).as("bytes allocated by backward").isLessThan(gradBytes + gradBytes / 4);
    // and the gradient is right: d sum(x w) / d w[k][j] = x[k]
    float[] xv = values(x);
    float[] g = values(w.grad());
    for (int k = 0; k < n; k += 97) {
      assertThat(g[k * n + 5]).isEqualTo(xv[k]);
    }
  }
}
