package dev.nabla.core.internal.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The spinning pool: every task runs once, failures reach the caller, nesting and contention. */
class ParallelTest {

  @Test
  void runsEveryTaskExactlyOnceAcrossManyJobs() {
    for (int job = 0; job < 2_000; job++) {
      int tasks = 1 + job % 7;
      AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
      Parallel.forEach(tasks, runs::incrementAndGet);
      for (int t = 0; t < tasks; t++) {
        assertThat(runs.get(t)).as("job %d task %d of %d", job, t, tasks).isEqualTo(1);
      }
    }
  }

  @Test
  void usesThePoolsThreadsWhenThereAreSeveral() throws InterruptedException {
    var names = ConcurrentHashMap.<String>newKeySet();
    for (int job = 0; job < 200 && names.size() < Math.min(2, Parallel.threads()); job++) {
      CountDownLatch both = new CountDownLatch(Math.min(2, Parallel.threads()));
      Parallel.forEach(
          2,
          t -> {
            names.add(Thread.currentThread().getName());
            both.countDown();
            try {
              both.await(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertThat(names).hasSize(Math.min(2, Parallel.threads()));
  }

  @Test
  void theFirstFailureReachesTheCallerWithTheOthersSuppressed() {
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Parallel.forEach(
                    4,
                    t -> {
                      ran.incrementAndGet();
                      if (t % 2 == 1) {
                        throw new IllegalArgumentException("task " + t);
                      }
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(ran.get()).as("every task still runs").isEqualTo(4);
    // the pool is usable afterwards
    AtomicInteger after = new AtomicInteger();
    Parallel.forEach(3, t -> after.incrementAndGet());
    assertThat(after.get()).isEqualTo(3);
  }

  @Test
  void anInterruptedCallerStillWaitsForEveryTaskAndKeepsItsInterrupt() {
    AtomicInteger done = new AtomicInteger();
    Thread.currentThread().interrupt();
    try {
      Parallel.forEach(
          2,
          t -> {
            long end = System.nanoTime() + 5_000_000; // 5 ms of work, past the caller's spin
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
            done.incrementAndGet();
          });
      assertThat(done.get()).isEqualTo(2);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void nestedCallsRunInlineAndComplete() {
    AtomicInteger inner = new AtomicInteger();
    Parallel.forEach(3, t -> Parallel.forEach(5, u -> inner.incrementAndGet()));
    assertThat(inner.get()).isEqualTo(15);
  }

  @Test
  void concurrentCallersAllComplete() throws Exception {
    int callers = 6;
    AtomicInteger total = new AtomicInteger();
    Thread[] threads = new Thread[callers];
    for (int i = 0; i < callers; i++) {
      threads[i] =
          new Thread(
              () -> {
                for (int job = 0; job < 500; job++) {
                  Parallel.forEach(3, t -> total.incrementAndGet());
                }
              });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join(60_000); // a hang guard, not a speed limit
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(total.get()).isEqualTo(callers * 500 * 3);
  }
}
