package dev.nabla.bench;

import dev.nabla.core.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * conv2d forward + backward (input, weight and bias gradients) at the MNIST CNN's two layers, batch
 * 128: conv1 [128,1,28,28] * [32,1,3,3] and conv2 [128,32,13,13] * [64,32,3,3], no padding.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class Conv2dBenchmark {
  @Param({"conv1", "conv2"})
  public String layer;

  private Tensor x;
  private Tensor w;
  private Tensor bias;
  private Tensor seed;

  @Setup
  public void setUp() {
    boolean first = layer.equals("conv1");
    int c = first ? 1 : 32, hw = first ? 28 : 13, o = first ? 32 : 64;
    x = Tensor.randn(1L, 128, c, hw, hw).requiresGrad(true);
    w = Tensor.randn(2L, o, c, 3, 3).requiresGrad(true);
    bias = Tensor.zeros(o).requiresGrad(true);
    seed = Tensor.randn(3L, 128, o, hw - 2, hw - 2);
  }

  @Benchmark
  public Tensor forward() {
    return x.detach().conv2d(w.detach(), bias.detach(), 1, 0);
  }

  @Benchmark
  public Tensor forwardBackward() {
    x.zeroGrad();
    w.zeroGrad();
    bias.zeroGrad();
    x.conv2d(w, bias, 1, 0).backward(seed);
    return w.grad();
  }
}
