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
// The heap is sized and touched up front: grown on demand, G1 expanded it for every 40 MB result
// instead of collecting, and first-touch page faults made add at 10^7 take 110 ms at 2 threads
// (at 10^5, iterations of 1 ms). bench/compare.py passes the same flags, since a command-line
// -jvmArgsAppend replaces these.
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules=jdk.incubator.vector",
      "-Xms2g",
      "-Xmx2g",
      "-XX:+AlwaysPreTouch"
    })
public class ElementwiseBenchmark {
  @Param({"1000", "100000", "10000000"})
  public int size;

  private Tensor a;
  private Tensor b;
  private Tensor rows;
  private Tensor bias;
  private Tensor out;
  private Tensor outRows;

  @Setup
  public void setUp() {
    a = Tensor.randn(1L, size);
    b = Tensor.randn(2L, size);
    rows = Tensor.randn(3L, size / 100, 100);
    bias = Tensor.randn(4L, 100);
    out = Tensor.zeros(size);
    outRows = Tensor.zeros(size / 100, 100);
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

  // The same ops written into a preallocated result (numpy's out=): the kernels without the
  // allocation of a fresh, zeroed result array.

  @Benchmark
  public Tensor addOut() {
    return a.add(b, out);
  }

  @Benchmark
  public Tensor mulOut() {
    return a.mul(b, out);
  }

  @Benchmark
  public Tensor expOut() {
    return a.exp(out);
  }

  @Benchmark
  public Tensor tanhOut() {
    return a.tanh(out);
  }

  @Benchmark
  public Tensor sigmoidOut() {
    return a.sigmoid(out);
  }

  @Benchmark
  public Tensor reluOut() {
    return a.relu(out);
  }

  @Benchmark
  public Tensor broadcastAddBiasOut() {
    return rows.add(bias, outRows);
  }
}
