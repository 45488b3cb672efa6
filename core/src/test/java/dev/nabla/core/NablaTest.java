package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The global generator layers draw their seeds from. */
class NablaTest {

  @Test
  void seedsDrawnConcurrentlyAreTheSequentialOnesEachExactlyOnce() throws InterruptedException {
    int threads = 4;
    int perThread = 5_000;
    Nabla.manualSeed(77);
    Set<Long> sequential = new HashSet<>();
    for (int i = 0; i < threads * perThread; i++) {
      sequential.add(Nabla.nextSeed());
    }
    assertThat(sequential).as("distinct seeds").hasSize(threads * perThread);

    Nabla.manualSeed(77);
    Set<Long> concurrent = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                    for (int i = 0; i < perThread; i++) {
                      concurrent.add(Nabla.nextSeed());
                    }
                  }));
    }
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    // No seed lost or handed out twice: the same set as one thread drew.
    assertThat(concurrent).isEqualTo(sequential);
  }

  @Test
  void manualSeedRestartsTheSequence() {
    Nabla.manualSeed(5);
    long a = Nabla.nextSeed();
    long b = Nabla.nextSeed();
    assertThat(a).isNotEqualTo(b);
    Nabla.manualSeed(5);
    assertThat(Nabla.nextSeed()).isEqualTo(a);
    assertThat(Nabla.nextSeed()).isEqualTo(b);
    assertThat(Nabla.initialSeed()).isEqualTo(5);
  }
}
