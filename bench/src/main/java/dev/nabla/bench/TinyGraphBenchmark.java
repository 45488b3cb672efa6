package dev.nabla.bench;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fixed cost of the graph per op: forward and backward of a per-sample graph of six ops ({@code
 * sum(tanh(x·W1 + b1)·W2)} on one sample of 4 features), where the arrays are tiny and recording,
 * scopes and checks dominate. With {@code anomaly=off} this is what every program pays; {@code
 * anomaly=on} adds the NaN/Inf scans of {@link Grad#detectAnomaly()}.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -Dnabla.threads=1 \
 *     -cp bench/target/classes:$(cat bench/target/runtime-classpath.txt) \
 *     org.openjdk.jmh.Main TinyGraphBenchmark
 * </pre>
 *
 * ({@code ./nabla bench} writes {@code bench/target/runtime-classpath.txt}.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dnabla.threads=1"})
public class TinyGraphBenchmark {
  @Param({"off", "on"})
  public String anomaly;

  private final Tensor[] samples = new Tensor[64];
  private Tensor w1;
  private Tensor b1;
  private Tensor w2;
  private int next;
  private Grad.Scope mode;

  @Setup(Level.Trial)
  public void setUp() {
    for (int i = 0; i < samples.length; i++) {
      samples[i] = Tensor.randn(i, 1, 4);
    }
    w1 = Tensor.randn(100L, 4, 8).requiresGrad(true);
    b1 = Tensor.randn(101L, 8).requiresGrad(true);
    w2 = Tensor.randn(102L, 8, 1).requiresGrad(true);
  }

  /**
   * JMH runs setup, benchmark and teardown of an iteration on one thread: the mode is per thread.
   */
  @Setup(Level.Iteration)
  public void enterMode() {
    mode = anomaly.equals("on") ? Grad.detectAnomaly() : null;
  }

  @TearDown(Level.Iteration)
  public void leaveMode() {
    if (mode != null) {
      mode.close();
    }
  }

  @Benchmark
  public double forwardBackward() {
    Tensor loss = samples[next++ & 63].matmul(w1).add(b1).tanh().matmul(w2).sum();
    loss.backward();
    return loss.item();
  }
}
