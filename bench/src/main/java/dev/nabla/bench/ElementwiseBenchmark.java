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

/** Elementwise ops and reductions on FLOAT32 vectors of 1e3, 1e5 and 1e7 elements. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
// The heap is sized and touched up front: growing it page by page gave iterations of 1 ms per 10^5
// add (first-touch faults) that even the median of a --quick run did not absorb.
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ElementwiseBenchmark {
  @Param({"1000", "100000", "10000000"})
  public int size;

  private Tensor a;
  private Tensor b;
  private Tensor rows;
  private Tensor bias;

  @Setup
  public void setUp() {
    a = Tensor.randn(1L, size);
    b = Tensor.randn(2L, size);
    rows = Tensor.randn(3L, size / 100, 100);
    bias = Tensor.randn(4L, 100);
  }

  @Benchmark
  public Tensor add() {
    return a.add(b);
  }

  @Benchmark
  public Tensor mul() {
    return a.mul(b);
  }

  @Benchmark
  public Tensor exp() {
    return a.exp();
  }

  @Benchmark
  public Tensor tanh() {
    return a.tanh();
  }

  @Benchmark
  public Tensor sigmoid() {
    return a.sigmoid();
  }

  @Benchmark
  public Tensor relu() {
    return a.relu();
  }

  @Benchmark
  public Tensor broadcastAddBias() {
    return rows.add(bias);
  }

  @Benchmark
  public Tensor sum() {
    return a.sum();
  }

  @Benchmark
  public Tensor sumRows() {
    return rows.sum(1);
  }

  @Benchmark
  public Tensor max() {
    return a.max();
  }
}
