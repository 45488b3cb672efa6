package dev.nabla.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One model in evaluation mode, many threads at once: every answer must equal the single-threaded
 * answer bit for bit. The inputs mix small batches with one large enough for the kernels to split
 * over the shared pool, so that pool is entered by several callers at once too.
 */
class ConcurrentInferenceTest {
  static final int THREADS = 8;
  static final int CALLS_PER_THREAD = 500;

  static Sequential mlp() {
    return new Sequential(
        new Dense(64, 128),
        new BatchNorm1d(128),
        new ReLU(),
        new Dropout(0.5, 3L),
        new Dense(128, 10));
  }

  static Sequential cnn() {
    return new Sequential(
        new Conv2d(1, 8, 3, 1, 1),
        new BatchNorm2d(8),
        new ReLU(),
        new MaxPool2d(2),
        new Dropout(0.3, 4L),
        new Flatten(),
        new Dense(8 * 8 * 8, 10));
  }

  /**
   * Runs a few batches in training mode (so BatchNorm's running statistics are not the initial
   * zeros and ones, and Dropout has drawn masks), then switches to evaluation mode.
   */
  static void warmUpThenEval(Module model, int... sampleShape) {
    for (int i = 0; i < 3; i++) {
      int[] shape = new int[sampleShape.length + 1];
      shape[0] = 16;
      System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
      try (var _ = Grad.disabled()) {
        model.apply(Tensor.randn(100L + i, shape).mul(2).add(0.5));
      }
    }
    model.eval();
  }

  static List<Tensor> inputs(int[] batches, int... sampleShape) {
    List<Tensor> out = new ArrayList<>();
    for (int b = 0; b < batches.length; b++) {
      int[] shape = new int[sampleShape.length + 1];
      shape[0] = batches[b];
      System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
      out.add(Tensor.randn(1000L + b, shape));
    }
    return out;
  }

  /**
   * Calls the model {@code CALLS_PER_THREAD} times from each of {@code THREADS} threads, which
   * start together; half of them record graphs (the parameters require grad), half run inside
   * Grad.disabled(). The last input (the large one) is used every {@code largeEvery}-th call of a
   * thread, the others in turn. Returns the number of calls whose answer differed from the
   * reference.
   */
  static int mismatches(Module model, List<Tensor> inputs, int largeEvery) throws Exception {
    List<float[]> expected = new ArrayList<>();
    for (Tensor x : inputs) {
      try (var _ = Grad.disabled()) {
        expected.add(model.apply(x).toFloatArray());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    try {
      List<Future<int[]>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int calls = 0;
                  int wrong = 0;
                  for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    int which =
                        (i + thread) % largeEvery == 0
                            ? inputs.size() - 1
                            : (i + thread) % (inputs.size() - 1);
                    float[] got;
                    if (thread % 2 == 0) {
                      try (var _ = Grad.disabled()) {
                        got = model.apply(inputs.get(which)).toFloatArray();
                      }
                    } else {
                      got = model.apply(inputs.get(which)).toFloatArray();
                    }
                    calls++;
                    if (!Arrays.equals(got, expected.get(which))) {
                      wrong++;
                    }
                  }
                  return new int[] {calls, wrong};
                }));
      }
      int calls = 0;
      int wrong = 0;
      for (Future<int[]> f : results) {
        int[] r = f.get(2, TimeUnit.MINUTES);
        calls += r[0];
        wrong += r[1];
      }
      assertThat(calls).isEqualTo(THREADS * CALLS_PER_THREAD);
      return wrong;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anMlpWithBatchNormAndDropoutAnswersEightThreadsExactlyAsOne() throws Exception {
    Sequential model = mlp();
    warmUpThenEval(model, 64);
    // Batch 256 makes a 256x64x128 product: large enough for the GEMM to split over the pool.
    List<Tensor> inputs = inputs(new int[] {1, 3, 8, 32, 256}, 64);
    assertThat(mismatches(model, inputs, 5)).isZero();
    assertThat(model.isTraining()).isFalse();
  }

  @Test
  void aCnnWithBatchNormAndDropoutAnswersEightThreadsExactlyAsOne() throws Exception {
    Sequential model = cnn();
    warmUpThenEval(model, 1, 16, 16);
    // Batch 128 makes the convolution large enough to split its batch over the pool.
    List<Tensor> inputs = inputs(new int[] {1, 2, 4, 8, 128}, 1, 16, 16);
    assertThat(mismatches(model, inputs, 25)).isZero();
  }

  @Test
  void evaluationModeReallyIgnoresDropoutAndUsesRunningStatistics() {
    // Guards the test above: were the model still training, answers would vary from call to call.
    Sequential model = mlp();
    warmUpThenEval(model, 64);
    Tensor x = Tensor.randn(7L, 4, 64);
    try (var _ = Grad.disabled()) {
      float[] first = model.apply(x).toFloatArray();
      assertThat(model.apply(x).toFloatArray()).containsExactly(first);
      model.train();
      assertThat(model.apply(x).toFloatArray()).isNotEqualTo(first);
    }
  }
}
