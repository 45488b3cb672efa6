package dev.nabla.core.internal.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The one shared, sized thread pool of nabla's kernels. Its size is the number of cores, or the
 * {@code nabla.threads} system property, or the {@code NABLA_THREADS} environment variable (the
 * property wins); 1 means no pool at all: every kernel runs on the caller's thread.
 */
public final class Parallel {
  private static final int THREADS = configuredThreads();
  private static final ForkJoinPool POOL = THREADS > 1 ? newPool(THREADS - 1) : null;

  private Parallel() {}

  /** Number of threads kernels may use (1 = the caller's only). */
  public static int threads() {
    return THREADS;
  }

  /**
   * Runs {@code body.accept(t)} for {@code t = 0 .. tasks-1} and returns when all are done: task 0
   * on the calling thread, the others on the pool (so a split costs one wake-up, not two, and the
   * pool holds one thread fewer than {@link #threads()}). Nested calls from a pool thread, a pool
   * of one, or a single task run inline. Exceptions propagate to the caller.
   */
  public static void forEach(int tasks, IntConsumer body) {
    boolean[] inside = INSIDE.get();
    if (tasks <= 1 || POOL == null || inside[0] || ForkJoinTask.inForkJoinPool()) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    // While the caller runs its share, a nested forEach (a GEMM inside a convolution's task) must
    // run inline: forking it would wait on pool workers that are busy with the other shares.
    inside[0] = true;
    try {
      split(tasks, body);
    } finally {
      inside[0] = false;
    }
  }

  private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

  private static void split(int tasks, IntConsumer body) {
    ForkJoinTask<?>[] others = new ForkJoinTask<?>[tasks - 1];
    for (int t = 1; t < tasks; t++) {
      int task = t;
      others[t - 1] = POOL.submit(() -> body.accept(task));
    }
    Throwable failure = null;
    try {
      body.accept(0);
    } catch (Throwable e) {
      failure = e;
    }
    for (ForkJoinTask<?> f : others) {
      try {
        f.join();
      } catch (Throwable e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error err) {
      throw err;
    }
  }

  static int configuredThreads() {
    String v = System.getProperty("nabla.threads");
    String source = "system property nabla.threads";
    if (v == null || v.isBlank()) {
      v = System.getenv("NABLA_THREADS");
      source = "environment variable NABLA_THREADS";
    }
    if (v == null || v.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(source + " must be a positive integer, got '" + v + "'");
  }

  private static ForkJoinPool newPool(int threads) {
    return new ForkJoinPool(
        threads,
        pool -> {
          var w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
          w.setName("nabla-kernel-" + w.getPoolIndex());
          w.setDaemon(true);
          return w;
        },
        null,
        false);
  }
}
