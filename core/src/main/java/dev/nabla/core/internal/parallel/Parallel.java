package dev.nabla.core.internal.parallel;

import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The one shared, sized thread pool of nabla's kernels. Its size is the number of cores, or the
 * {@code nabla.threads} system property, or the {@code NABLA_THREADS} environment variable (the
 * property wins); 1 means no pool at all: every kernel runs on the caller's thread.
 *
 * <p>The pool is built for hand-offs of a few microseconds, as a BLAS's is: a training step issues
 * thousands of kernels of 10-100 µs each, and a worker woken from a parked state costs 10-30 µs (a
 * fork-join round trip measured 13-30 µs here), which made splitting such kernels slower than not.
 * So a worker that finishes a job spins for a while ({@code nabla.spinMicros}, 200 µs by default)
 * watching for the next one before it parks (not at all when there are more threads than cores),
 * and tasks are claimed from a shared counter, so the caller and the workers balance the load
 * between them. Workers are daemon threads that hold no locks while idle.
 */
public final class Parallel {
  private static final int THREADS = configuredThreads();

  /**
   * How long an idle worker (or a waiting caller) spins before it parks: 200 µs by default, none
   * when there are more threads than cores, where a spinning thread would take a core from one with
   * work.
   */
  private static final long SPIN_NANOS =
      Long.getLong(
              "nabla.spinMicros", THREADS > Runtime.getRuntime().availableProcessors() ? 0 : 200)
          * 1000;

  private static final Worker[] WORKERS = startWorkers(THREADS - 1);

  /** One job at a time: a second caller thread that finds the pool busy runs its tasks inline. */
  private static final ReentrantLock BUSY = new ReentrantLock();

  private static final ThreadLocal<boolean[]> INSIDE =
      ThreadLocal.withInitial(() -> new boolean[1]);

  /** The job workers watch for; replaced (never mutated into another job) on each submission. */
  private static volatile Job current;

  private Parallel() {}

  /** Number of threads kernels may use (1 = the caller's only). */
  public static int threads() {
    return THREADS;
  }

  /**
   * The thread policy of every kernel: how many tasks a job of {@code work} units of cost (say,
   * multiply-adds) over {@code units} independent pieces (images, rows, chunks) is split into. One
   * below {@code minWork}, where a hand-off would cost more than it saves; else one per thread, but
   * never more than there are pieces.
   */
  public static int tasks(long work, long minWork, int units) {
    return work < minWork ? 1 : Math.max(1, Math.min(THREADS, units));
  }

  /**
   * The start of part {@code p} of {@code units} split into {@code parts} near-equal contiguous
   * parts ({@code split(units, parts, parts) == units}); part {@code p} is {@code [split(p),
   * split(p + 1))}.
   */
  public static int split(int units, int parts, int p) {
    return (int) ((long) units * p / parts);
  }

  /**
   * Runs {@code body.accept(t)} for {@code t = 0 .. tasks-1} and returns when all are done. The
   * caller takes part: it and the pool's workers claim tasks in turn until none is left. Nested
   * calls (from inside a task), a pool of one, a single task, calls from a fork-join pool, and
   * calls while another thread's job occupies the pool run inline. The first exception thrown by a
   * task is rethrown to the caller, with any others suppressed on it, after every task has
   * finished.
   */
  public static void forEach(int tasks, IntConsumer body) {
    boolean[] inside = INSIDE.get();
    if (tasks <= 1
        || WORKERS.length == 0
        || inside[0]
        || ForkJoinTask.inForkJoinPool()
        || !BUSY.tryLock()) {
      for (int t = 0; t < tasks; t++) {
        body.accept(t);
      }
      return;
    }
    // While the caller runs its share, a nested forEach (a GEMM inside a convolution's task) must
    // run inline: it would otherwise wait on workers that are busy with the other shares.
    inside[0] = true;
    try {
      Job job = new Job(tasks, body, Thread.currentThread());
      current = job;
      for (Worker w : WORKERS) {
        if (w.parked) {
          LockSupport.unpark(w);
        }
      }
      job.work();
      job.awaitDone();
      current = null;
      job.rethrow();
    } finally {
      inside[0] = false;
      BUSY.unlock();
    }
  }

  /**
   * One call of {@link #forEach}: tasks are claimed from {@code next}, counted down in {@code
   * left}.
   */
  private static final class Job {
    final int tasks;
    final IntConsumer body;
    final Thread caller;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger left;
    volatile boolean callerParked;
    private Throwable failure;

    Job(int tasks, IntConsumer body, Thread caller) {
      this.tasks = tasks;
      this.body = body;
      this.caller = caller;
      this.left = new AtomicInteger(tasks);
    }

    /** Claims and runs tasks until none is left. */
    void work() {
      for (int t; (t = next.getAndIncrement()) < tasks; ) {
        try {
          body.accept(t);
        } catch (Throwable e) {
          fail(e);
        }
        if (left.decrementAndGet() == 0 && callerParked) {
          LockSupport.unpark(caller);
        }
      }
    }

    private synchronized void fail(Throwable e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }

    /**
     * Waits, spinning briefly and then parked, for tasks other threads are still running. An
     * interrupt does not cut the wait short (the tasks write into the caller's arrays): it is
     * cleared while parking, so that park blocks again, and restored on return.
     */
    void awaitDone() {
      long start = System.nanoTime();
      boolean interrupted = false;
      while (left.get() > 0) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        callerParked = true;
        if (left.get() > 0) {
          LockSupport.park(this);
          interrupted |= Thread.interrupted();
        }
        callerParked = false;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized void rethrow() {
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error err) {
        throw err;
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
    }
  }

  /** A pool thread: runs each new job's tasks, spinning between jobs before it parks. */
  private static final class Worker extends Thread {
    volatile boolean parked;

    Worker(int index) {
      super("nabla-kernel-" + index);
      setDaemon(true);
    }

    @Override
    public void run() {
      INSIDE.get()[0] = true; // a task's own forEach runs inline on this thread
      Job done = null;
      while (true) {
        Job job = current;
        if (job != null && job != done) {
          job.work();
          done = job;
          continue;
        }
        long start = System.nanoTime();
        while ((job = current) == null || job == done) {
          if (System.nanoTime() - start < SPIN_NANOS) {
            Thread.onSpinWait();
            continue;
          }
          // Dekker-style with the submitter: publish "parked", then look once more; a submitter
          // that wrote `current` after that look reads parked = true and unparks this thread.
          parked = true;
          job = current;
          if (job == null || job == done) {
            LockSupport.park(Parallel.class);
          }
          parked = false;
          start = System.nanoTime();
        }
      }
    }
  }

  private static Worker[] startWorkers(int count) {
    Worker[] workers = new Worker[Math.max(0, count)];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i);
      workers[i].start();
    }
    return workers;
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
}
