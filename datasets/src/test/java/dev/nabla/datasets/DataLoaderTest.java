package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** n examples: input [2] = {i, -i}, target = i (INT32 scalar). */
  static TensorDataset indexed(int n) {
    float[] in = new float[2 * n];
    int[] tg = new int[n];
    for (int i = 0; i < n; i++) {
      in[2 * i] = i;
      in[2 * i + 1] = -i;
      tg[i] = i;
    }
    return new TensorDataset(Tensor.of(in, n, 2), Tensor.of(tg, n));
  }

  private static List<int[]> epochTargets(DataLoader loader) {
    List<int[]> out = new ArrayList<>();
    for (Example b : loader) {
      out.add(b.target().toIntArray());
    }
    return out;
  }

  @Test
  void batchesHaveTheBatchDimensionAndTheLastOneIsSmaller() {
    DataLoader loader = new DataLoader(indexed(10), 4);
    assertThat(loader.size()).isEqualTo(3);
    List<Example> batches = new ArrayList<>();
    loader.forEach(batches::add);
    assertThat(batches).hasSize(3);
    assertThat(batches.get(0).input().shape()).containsExactly(4, 2);
    assertThat(batches.get(0).target().shape()).containsExactly(4);
    assertThat(batches.get(2).input().shape()).containsExactly(2, 2);
    assertThat(batches.get(2).input().toFloatArray()).containsExactly(8, -8, 9, -9);
    assertThat(batches.get(1).target().toIntArray()).containsExactly(4, 5, 6, 7);
  }

  @Test
  void dropLastLeavesOutTheIncompleteBatch() {
    DataLoader loader = DataLoader.builder(indexed(10)).batchSize(4).dropLast(true).build();
    assertThat(loader.size()).isEqualTo(2);
    List<int[]> batches = epochTargets(loader);
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1)).containsExactly(4, 5, 6, 7);
    assertThat(DataLoader.builder(indexed(8)).batchSize(4).dropLast(true).build().size())
        .isEqualTo(2);
    assertThat(DataLoader.builder(indexed(3)).batchSize(4).dropLast(true).build().size()).isZero();
    assertThat(
            DataLoader.builder(indexed(3)).batchSize(4).dropLast(true).build().iterator().hasNext())
        .isFalse();
  }

  @Test
  void everyIndexAppearsExactlyOncePerShuffledEpoch() {
    DataLoader loader =
        DataLoader.builder(indexed(103)).batchSize(10).shuffle(true).seed(7L).build();
    for (int epoch = 0; epoch < 3; epoch++) {
      List<Integer> seen = new ArrayList<>();
      for (int[] t : epochTargets(loader)) {
        for (int v : t) {
          seen.add(v);
        }
      }
      assertThat(seen).hasSize(103).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen)).hasSize(103).allMatch(v -> v >= 0 && v < 103);
    }
  }

  @Test
  void withDropLastEachIndexAppearsAtMostOnce() {
    DataLoader loader =
        DataLoader.builder(indexed(103))
            .batchSize(10)
            .shuffle(true)
            .seed(7L)
            .dropLast(true)
            .build();
    List<Integer> seen = new ArrayList<>();
    for (int[] t : epochTargets(loader)) {
      assertThat(t).hasSize(10);
      for (int v : t) {
        seen.add(v);
      }
    }
    assertThat(seen).hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  void inputsAndTargetsOfABatchStayAligned() {
    for (Example b : DataLoader.builder(indexed(50)).batchSize(8).shuffle(true).seed(3L).build()) {
      float[] in = b.input().toFloatArray();
      int[] t = b.target().toIntArray();
      for (int k = 0; k < t.length; k++) {
        assertThat(in[2 * k]).isEqualTo(t[k]);
        assertThat(in[2 * k + 1]).isEqualTo(-t[k]);
      }
    }
  }

  @Test
  void sameSeedGivesTheSameSequenceOfEpochs() {
    DataLoader a = DataLoader.builder(indexed(64)).batchSize(16).shuffle(true).seed(42L).build();
    DataLoader b = DataLoader.builder(indexed(64)).batchSize(16).shuffle(true).seed(42L).build();
    for (int epoch = 0; epoch < 3; epoch++) {
      assertThat(flatten(epochTargets(a))).containsExactly(flatten(epochTargets(b)));
    }
  }

  @Test
  void eachEpochHasANewOrderAndDifferentSeedsDiffer() {
    DataLoader loader =
        DataLoader.builder(indexed(64)).batchSize(16).shuffle(true).seed(42L).build();
    int[] e0 = flatten(epochTargets(loader));
    int[] e1 = flatten(epochTargets(loader));
    assertThat(e1).isNotEqualTo(e0);
    assertThat(e0).isNotEqualTo(EpochIdentity.of(64));
    int[] otherSeed =
        flatten(
            epochTargets(
                DataLoader.builder(indexed(64)).batchSize(16).shuffle(true).seed(43L).build()));
    assertThat(otherSeed).isNotEqualTo(e0);
  }

  @Test
  void orderOfAnEpochIsWhatThatEpochIterates() {
    DataLoader loader = DataLoader.builder(indexed(30)).batchSize(7).shuffle(true).seed(5L).build();
    int[] expected2 = loader.order(2);
    assertThat(loader.setEpoch(2).epoch()).isEqualTo(2);
    assertThat(flatten(epochTargets(loader))).containsExactly(expected2);
    assertThat(loader.epoch()).isEqualTo(3);
    assertThat(new DataLoader(indexed(5), 2).order(9)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void shuffledPositionsAreRoughlyUniform() {
    // Over 4000 epochs of 4 examples, each example lands in each position about 1000 times.
    DataLoader loader = DataLoader.builder(indexed(4)).batchSize(4).shuffle(true).seed(11L).build();
    int[][] counts = new int[4][4];
    for (int e = 0; e < 4000; e++) {
      int[] order = loader.order(e);
      for (int p = 0; p < 4; p++) {
        counts[order[p]][p]++;
      }
    }
    for (int[] row : counts) {
      for (int c : row) {
        assertThat(c).isBetween(880, 1120);
      }
    }
  }

  @Test
  void prefetchingGivesTheSameBatchesAsNoPrefetching() {
    DataLoader plain = DataLoader.builder(indexed(100)).batchSize(9).shuffle(true).seed(1L).build();
    DataLoader prefetched =
        DataLoader.builder(indexed(100)).batchSize(9).shuffle(true).seed(1L).prefetch(3).build();
    for (int epoch = 0; epoch < 2; epoch++) {
      List<Example> a = new ArrayList<>();
      plain.forEach(a::add);
      List<Example> b = new ArrayList<>();
      prefetched.forEach(b::add);
      assertThat(b).hasSize(a.size());
      for (int k = 0; k < a.size(); k++) {
        assertThat(b.get(k).input().toFloatArray())
            .containsExactly(a.get(k).input().toFloatArray());
        assertThat(b.get(k).target().toIntArray()).containsExactly(a.get(k).target().toIntArray());
      }
    }
  }

  @Test
  void producerExceptionIsRethrownOnTheConsumerThreadWithItsCause() {
    RuntimeException boom = new UnsupportedOperationException("disk on fire");
    AtomicInteger calls = new AtomicInteger();
    Dataset failing = new FailingAt(indexed(40), 2, boom, calls);
    DataLoader loader = DataLoader.builder(failing).batchSize(10).prefetch(2).build();
    DataLoader.Batches it = loader.iterator();
    assertThat(it.next().target().toIntArray()).startsWith(0, 1);
    assertThat(it.next().target().toIntArray()).startsWith(10, 11);
    assertThatThrownBy(it::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("batch 2 of epoch 0 failed in the prefetch thread")
        .hasMessageContaining("disk on fire")
        .hasCause(boom);
    assertThat(it.hasNext()).isFalse();
    assertThat(calls.get()).as("no batch is produced after the failure").isEqualTo(3);
  }

  @Test
  void withoutPrefetchingExceptionsPropagateUnchanged() {
    RuntimeException boom = new UnsupportedOperationException("disk on fire");
    DataLoader loader =
        new DataLoader(new FailingAt(indexed(40), 1, boom, new AtomicInteger()), 10);
    var it = loader.iterator();
    it.next();
    assertThatThrownBy(it::next).isSameAs(boom);
  }

  @Test
  void closingAnAbandonedIterationStopsThePrefetchThread() {
    DataLoader loader =
        DataLoader.builder(indexed(10_000)).batchSize(10).shuffle(true).prefetch(2).build();
    Set<Thread> before = prefetchThreads();
    Thread producer;
    try (DataLoader.Batches it = loader.iterator()) {
      it.next();
      producer = newPrefetchThread(before);
      assertThat(producer.getName()).startsWith("nabla-prefetch-");
      assertThat(producer.isDaemon()).isTrue();
    }
    assertThat(producer.isAlive()).as("producer alive after close()").isFalse();
    assertThat(prefetchThreads()).isSubsetOf(before);
  }

  @Test
  void startingTheNextEpochStopsTheAbandonedOne() {
    DataLoader loader = DataLoader.builder(indexed(10_000)).batchSize(10).prefetch(2).build();
    Set<Thread> before = prefetchThreads();
    DataLoader.Batches first = loader.iterator();
    first.next();
    Thread producer = newPrefetchThread(before);
    DataLoader.Batches second = loader.iterator();
    assertThat(producer.isAlive()).isFalse();
    assertThatThrownBy(first::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was stopped (epoch 1 started)");
    assertThat(second.next().target().toIntArray()).startsWith(0, 1, 2);
    second.close();
    assertThat(prefetchThreads()).isSubsetOf(before);
  }

  @Test
  void garbageCollectedIterationStopsThePrefetchThread() throws InterruptedException {
    DataLoader loader = DataLoader.builder(indexed(10_000)).batchSize(10).prefetch(2).build();
    Set<Thread> before = prefetchThreads();
    Thread producer = startAndDrop(loader, before);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (producer.isAlive() && System.nanoTime() < deadline) {
      System.gc();
      producer.join(50);
    }
    assertThat(producer.isAlive()).as("producer alive after its iterator was collected").isFalse();
  }

  @Test
  void aCompletedEpochLeavesNoThreadRunning() throws InterruptedException {
    DataLoader loader = DataLoader.builder(indexed(100)).batchSize(10).prefetch(4).build();
    Set<Thread> before = prefetchThreads();
    DataLoader.Batches it = loader.iterator();
    it.next();
    Thread producer = newPrefetchThread(before);
    while (it.hasNext()) {
      it.next();
    }
    producer.join(5000);
    assertThat(producer.isAlive()).isFalse();
  }

  @Test
  void mnistSizedBatchesCollateEveryImageOncePerEpoch() {
    // Collation speed is measured by the benchmarks, not asserted here; this pins what it returns.
    float[] pixels = new float[1_000 * 784];
    int[] labels = new int[1_000];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i;
      pixels[i * 784] = i;
    }
    TensorDataset images =
        new TensorDataset(Tensor.of(pixels, 1_000, 1, 28, 28), Tensor.of(labels, 1_000));
    DataLoader loader = DataLoader.builder(images).batchSize(128).shuffle(true).build();
    for (int epoch = 0; epoch < 2; epoch++) {
      boolean[] seen = new boolean[1_000];
      for (Example b : loader) {
        assertThat(b.input().shape()).hasSize(4);
        float[] in = b.input().toFloatArray();
        int[] ys = b.target().toIntArray();
        for (int r = 0; r < ys.length; r++) {
          assertThat(in[r * 784]).as("image %d's first pixel", ys[r]).isEqualTo((float) ys[r]);
          assertThat(seen[ys[r]]).as("image %d seen twice", ys[r]).isFalse();
          seen[ys[r]] = true;
        }
      }
      for (boolean s : seen) {
        assertThat(s).isTrue();
      }
    }
  }

  @Test
  void builderDefaultsAreTorchsOneExampleAtATimeInIndexOrder() {
    DataLoader loader = DataLoader.builder(indexed(3)).build();
    assertThat(loader.batchSize()).isEqualTo(1);
    assertThat(loader.shuffle()).isFalse();
    assertThat(loader.seed()).isZero();
    assertThat(loader.dropLast()).isFalse();
    assertThat(loader.prefetch()).isZero();
    assertThat(flatten(epochTargets(loader))).containsExactly(0, 1, 2);
    assertThat(epochTargets(DataLoader.builder(indexed(5)).batchSize(2).build())).hasSize(3);
  }

  @Test
  void aShufflingLoaderWithoutASeedDrawsItFromTheGlobalGenerator() {
    dev.nabla.core.Nabla.manualSeed(123);
    DataLoader first = DataLoader.builder(indexed(50)).shuffle(true).build();
    DataLoader second = DataLoader.builder(indexed(50)).shuffle(true).build();
    dev.nabla.core.Nabla.manualSeed(123);
    DataLoader again = DataLoader.builder(indexed(50)).shuffle(true).build();
    // distinct loaders get distinct orders; the same global seed gives the same ones again
    assertThat(first.order(0)).isNotEqualTo(second.order(0));
    assertThat(again.order(0)).isEqualTo(first.order(0));
    assertThat(again.seed()).isEqualTo(first.seed());
    dev.nabla.core.Nabla.manualSeed(124);
    assertThat(DataLoader.builder(indexed(50)).shuffle(true).build().order(0))
        .isNotEqualTo(first.order(0));
    // an explicit seed does not depend on the global generator
    assertThat(DataLoader.builder(indexed(50)).shuffle(true).seed(7).build().order(0))
        .isEqualTo(DataLoader.builder(indexed(50)).shuffle(true).seed(7).build().order(0));
  }

  @Test
  void eachBuilderOptionTakesEffect() {
    DataLoader loader =
        DataLoader.builder(indexed(10))
            .batchSize(4)
            .shuffle(true)
            .seed(9)
            .dropLast(true)
            .prefetch(2)
            .build();
    assertThat(loader.batchSize()).isEqualTo(4);
    assertThat(loader.shuffle()).isTrue();
    assertThat(loader.seed()).isEqualTo(9);
    assertThat(loader.dropLast()).isTrue();
    assertThat(loader.prefetch()).isEqualTo(2);
    List<int[]> batches = epochTargets(loader);
    assertThat(batches).hasSize(2).allSatisfy(b -> assertThat(b).hasSize(4));
    int[] order = loader.order(0);
    assertThat(order)
        .isNotEqualTo(EpochIdentity.of(10))
        .containsExactlyInAnyOrder(EpochIdentity.of(10));
    assertThat(flatten(batches)).containsExactly(Arrays.copyOf(order, 8));
    // the seed alone changes the order; without shuffle the seed is unused
    assertThat(DataLoader.builder(indexed(10)).shuffle(true).seed(10).build().order(0))
        .isNotEqualTo(order);
    assertThat(DataLoader.builder(indexed(10)).seed(9).build().order(0))
        .containsExactly(EpochIdentity.of(10));
  }

  @Test
  @SuppressWarnings("deprecation")
  void theDeprecatedPositionalConstructorMeansTheSameAsTheBuilder() {
    DataLoader old = new DataLoader(indexed(20), 6, true, 3L, true);
    DataLoader named =
        DataLoader.builder(indexed(20)).batchSize(6).shuffle(true).seed(3).dropLast(true).build();
    assertThat(old.toString()).isEqualTo(named.toString());
    assertThat(flatten(epochTargets(old))).containsExactly(flatten(epochTargets(named)));
  }

  @Test
  void builderRejectsABadValueWhenItIsSet() {
    DataLoader.Builder b = DataLoader.builder(indexed(3));
    assertThatThrownBy(() -> b.batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DataLoader: batchSize must be at least 1, got 0");
    assertThatThrownBy(() -> b.batchSize(-64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DataLoader: batchSize must be at least 1, got -64");
    assertThatThrownBy(() -> DataLoader.builder(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DataLoader: dataset must not be null");
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> new DataLoader(indexed(3), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DataLoader: batchSize must be at least 1, got 0");
    assertThatThrownBy(() -> DataLoader.builder(indexed(3)).batchSize(1).prefetch(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefetch must be 0 (none) or a positive number of batches, got -1");
    assertThatThrownBy(() -> new DataLoader(null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DataLoader: dataset must not be null");
    assertThatThrownBy(() -> new DataLoader(indexed(3), 1).setEpoch(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DataLoader.setEpoch: epoch must be >= 0, got -1");
    var it = new DataLoader(indexed(3), 2).iterator();
    it.next();
    it.next();
    assertThatThrownBy(it::next)
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageContaining("epoch 0 has only 2 batches");
  }

  /** Starts a prefetching epoch, takes one batch and lets the iterator become garbage. */
  private static Thread startAndDrop(DataLoader loader, Set<Thread> before) {
    DataLoader.Batches it = loader.iterator();
    it.next();
    return newPrefetchThread(before);
  }

  static Set<Thread> prefetchThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("nabla-prefetch") && t.isAlive()) {
        threads.add(t);
      }
    }
    return threads;
  }

  private static Thread newPrefetchThread(Set<Thread> before) {
    Set<Thread> now = prefetchThreads();
    now.removeAll(before);
    assertThat(now).as("new prefetch threads").hasSize(1);
    return now.iterator().next();
  }

  private static int[] flatten(List<int[]> parts) {
    return parts.stream().flatMapToInt(Arrays::stream).toArray();
  }

  /** 0..n-1. */
  private static final class EpochIdentity {
    static int[] of(int n) {
      int[] a = new int[n];
      Arrays.setAll(a, i -> i);
      return a;
    }
  }

  /** A dataset whose batch number {@code failAt} throws. */
  private static final class FailingAt implements Dataset {
    private final Dataset inner;
    private final int failAt;
    private final RuntimeException error;
    private final AtomicInteger calls;

    FailingAt(Dataset inner, int failAt, RuntimeException error, AtomicInteger calls) {
      this.inner = inner;
      this.failAt = failAt;
      this.error = error;
      this.calls = calls;
    }

    @Override
    public int size() {
      return inner.size();
    }

    @Override
    public Example get(int i) {
      return inner.get(i);
    }

    @Override
    public Example batch(int[] indices) {
      if (calls.getAndIncrement() == failAt) {
        throw error;
      }
      return inner.batch(indices);
    }
  }
}
