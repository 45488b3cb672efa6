package dev.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A whole steady training step (zeroGrad, forward, backward, step) of a 784-100-10 tanh MLP at
 * batch 1 allocates no weight gradient: the 313 KB gradient of the first layer reuses the storage
 * the previous step's zeroGrad() gave back. A user's optimizer that keeps the gradients it is given
 * stops that reuse and sees them unchanged.
 */
class TrainingStepAllocationTest {
  /**
   * The first layer's weight gradient, 313,600 bytes: a step that allocated it anew would exceed
   * two thirds of it by itself (what the steps allocate besides, about 75 KB once compiled, is
   * mostly small temporaries of the GEMM row kernel and the graph's nodes).
   */
  private static final long GRADIENT_BYTES = 4L * 784 * 100;

  private static final class Net {
    final Tensor w1 = Tensor.randn(1L, 784, 100).mul(0.05).requiresGrad(true);
    final Tensor b1 = Tensor.zeros(100).requiresGrad(true);
    final Tensor w2 = Tensor.randn(2L, 100, 10).mul(0.1).requiresGrad(true);
    final Tensor b2 = Tensor.zeros(10).requiresGrad(true);

    List<Tensor> params() {
      return List.of(w1, b1, w2, b2);
    }

    Tensor loss(Tensor x, Tensor y) {
      Tensor h = x.matmul(w1).add(b1).tanh();
      Tensor d = h.matmul(w2).add(b2).tanh().sub(y);
      return d.mul(d).mean();
    }
  }

  private static long bytesPerStep(Function<List<Tensor>, Optimizer> make) {
    Net net = new Net();
    Optimizer opt = make.apply(net.params());
    Tensor[] xs = new Tensor[4];
    Tensor[] ys = new Tensor[4];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Tensor.rand(10L + i, 1, 784);
      ys[i] = Tensor.rand(20L + i, 1, 10);
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    // Many rounds: until the JIT compiles the Vector API kernels, they allocate as well.
    for (int round = 0; round < 30; round++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int s = 0; s < 20; s++) {
        opt.zeroGrad();
        net.loss(xs[s % 4], ys[s % 4]).backward();
        opt.step();
      }
      least = Math.min(least, (threads.getCurrentThreadAllocatedBytes() - before) / 20);
    }
    return least;
  }

  @Test
  void sgdStepAllocatesNoWeightGradient() {
    long perStep = bytesPerStep(ps -> new SGD(ps, 0.1));
    assertThat(perStep).as("bytes per SGD training step").isLessThan(GRADIENT_BYTES * 2 / 3);
  }

  @Test
  void adamStepAllocatesNoWeightGradient() {
    long perStep = bytesPerStep(ps -> new Adam(ps, 1e-3));
    assertThat(perStep).as("bytes per Adam training step").isLessThan(GRADIENT_BYTES * 2 / 3);
  }

  /** Plain SGD written by a user; it keeps every gradient it was given. */
  private static final class KeepingSgd extends Optimizer {
    final List<Tensor> kept = new ArrayList<>();
    final List<float[]> values = new ArrayList<>();

    KeepingSgd(List<Tensor> params) {
      super("KeepingSgd", params, 0.1);
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] state, long step) {
      kept.add(grad);
      values.add(grad.toFloatArray());
      float[] p = param.floatStorage();
      float[] g = grad.floatStorage();
      for (int i = 0; i < p.length; i++) {
        p[i] -= 0.1f * g[i];
      }
    }

    @Override
    protected Map<String, Object> hyperParameters() {
      return Map.of("lr", learningRate());
    }
  }

  @Test
  void gradientsAUserOptimizerKeepsAreNeverReused() {
    Net net = new Net();
    KeepingSgd opt = new KeepingSgd(net.params());
    for (int s = 0; s < 5; s++) {
      opt.zeroGrad();
      net.loss(Tensor.rand(30L + s, 1, 784), Tensor.rand(40L + s, 1, 10)).backward();
      opt.step();
    }
    assertThat(opt.kept).hasSize(20);
    for (int i = 0; i < opt.kept.size(); i++) {
      assertThat(opt.kept.get(i).toFloatArray()).as("gradient %d", i).isEqualTo(opt.values.get(i));
    }
  }
}
