package dev.nabla.datasets;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The background producer of one prefetching epoch: a daemon thread named {@code
 * nabla-prefetch-<n>} that collates the epoch's batches in order into a bounded queue.
 *
 * <p>It holds no reference to the iterator that consumes it, so that the iterator can become
 * garbage (and its cleaner then {@linkplain #stop stop} this producer). Every blocking step polls
 * with a short timeout and re-checks {@link #stopped}, so a dataset that swallows interrupts still
 * cannot keep the thread alive or the consumer waiting.
 */
final class Prefetcher implements Runnable {
  static final String THREAD_PREFIX = "nabla-prefetch-";
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final long POLL_MS = 50;

  /** What the producer failed with, and at which batch. */
  private record Failure(int batch, Throwable cause) {}

  private final Dataset dataset;
  private final int[] order;
  private final int batchSize;
  private final int batches;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile String stopReason = "";

  Prefetcher(Dataset dataset, int[] order, int batchSize, int batches, int capacity) {
    this.dataset = dataset;
    this.order = order;
    this.batchSize = batchSize;
    this.batches = batches;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this, THREAD_PREFIX + THREADS.incrementAndGet());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    for (int k = 0; k < batches && !stopped; k++) {
      Object item;
      try {
        item = dataset.batch(DataLoader.batchIndices(order, k, batchSize));
      } catch (Throwable t) {
        item = new Failure(k, t);
      }
      if (!offer(item) || item instanceof Failure) {
        return;
      }
    }
  }

  /** Waits for room in the queue; false if stopped first. */
  private boolean offer(Object item) {
    try {
      while (!stopped) {
        if (queue.offer(item, POLL_MS, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      // stop() interrupts us: the epoch was abandoned.
    }
    return false;
  }

  /**
   * Batch {@code k}, waiting for the producer; rethrows the producer's failure on this thread with
   * the original exception as the cause.
   */
  Example take(int k, int epoch) {
    while (true) {
      Object item;
      try {
        item = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "DataLoader: interrupted while waiting for batch " + k + " of epoch " + epoch, e);
      }
      if (item instanceof Example batch) {
        return batch;
      }
      if (item instanceof Failure(int batch, Throwable cause)) {
        throw new IllegalStateException(
            "DataLoader: collating batch "
                + batch
                + " of epoch "
                + epoch
                + " failed in the prefetch thread: "
                + cause,
            cause);
      }
      if (stopped) {
        throw new IllegalStateException(
            "DataLoader: this iteration of epoch "
                + epoch
                + " was stopped ("
                + stopReason
                + "); start a new one with iterator()");
      }
      if (!thread.isAlive() && queue.isEmpty()) {
        throw new IllegalStateException(
            "DataLoader: the prefetch thread "
                + thread.getName()
                + " ended before batch "
                + k
                + " of epoch "
                + epoch);
      }
    }
  }

  /** Stops the producer and waits until its thread has ended; idempotent. */
  void stop(String reason) {
    if (!stopped) {
      stopReason = reason;
      stopped = true;
    }
    thread.interrupt();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    queue.clear();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  boolean stopped() {
    return stopped;
  }

  @Override
  public String toString() {
    return "Prefetcher["
        + thread.getName()
        + ", "
        + batches
        + " batches, order "
        + (order.length > 8 ? order.length + " indices" : Arrays.toString(order))
        + "]";
  }
}
