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
 * FLOAT32 matmul through the public API ({@code a.matmul(b)}, output allocation included) at the
 * training shapes, M×K×N. GFLOP/s = 2·M·K·N / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class GemmBenchmark {
  @Param({
    "128x784x256",
    "784x128x256",
    "128x256x784",
    "128x256x128",
    "256x128x128",
    "128x128x10",
    "15488x288x64",
    "1024x1024x1024",
    "1x784x100"
  })
  public String shape;

  private Tensor a;
  private Tensor b;

  @Setup
  public void setUp() {
    String[] p = shape.split("x");
    int m = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), n = Integer.parseInt(p[2]);
    a = Tensor.randn(1L, m, k);
    b = Tensor.randn(2L, k, n);
  }

  @Benchmark
  public Tensor matmul() {
    return a.matmul(b);
  }
}
