package dev.nabla.datasets;

import dev.nabla.datasets.internal.EpochOrder;
import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Batches of a {@link Dataset}, one epoch per iteration, like PyTorch's {@code DataLoader}:
 *
 * <pre>{@code
 * var loader = DataLoader.builder(Mnist.train()).batchSize(128).shuffle(true).seed(42).prefetch(2).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *   for (Example batch : loader) {       // input [128, 1, 28, 28], target [128]
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p><b>Order.</b> Without shuffling, every epoch visits the examples in index order. With
 * shuffling, epoch {@code e} visits them in the order {@link #order(int) order(e)}: a Fisher-Yates
 * shuffle (from the last position down, each swapped with a uniform earlier-or-same position)
 * driven by SplitMix64 started at {@code mix(seed) ^ mix(e + 1)}, where {@code mix} is SplitMix64's
 * output function; the order depends on nothing else. Each call of {@link #iterator()} starts the
 * next epoch, counting from 0, so each epoch gets a new order and two loaders with the same seed
 * give the same sequence of orders on every machine. {@link #setEpoch(int)} moves the counter, e.g.
 * to resume training at epoch 7.
 *
 * <p><b>Batches.</b> {@link #size()} batches of {@code batchSize} examples; the last one is smaller
 * when the batch size does not divide the dataset, or dropped with {@link Builder#dropLast}.
 * Batches are collated by {@link Dataset#batch(int[])}.
 *
 * <p><b>Prefetching.</b> With {@link Builder#prefetch prefetch(n)}, {@code n > 0}, each epoch's
 * batches are collated on a daemon thread named {@code nabla-prefetch-<k>}, up to {@code n} batches
 * ahead, so that the next batch is ready when a training step ends. An exception in that thread is
 * rethrown by {@link Batches#next()} on the training thread as an {@link IllegalStateException}
 * whose cause is the original exception. The thread ends when the epoch's batches are all produced,
 * when the iterator is {@linkplain Batches#close() closed} (use try-with-resources to leave an
 * epoch early), when the next epoch starts, or when the abandoned iterator is garbage collected.
 *
 * <p>A loader is meant for one training thread; {@link #iterator()} may be called from any.
 */
public final class DataLoader implements Iterable<Example> {
  private static final Cleaner CLEANER = Cleaner.create();

  private final Dataset dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final boolean dropLast;
  private final int prefetch;
  private int nextEpoch;
  private Prefetcher active;

  /** Batches in index order, the last one possibly smaller, without prefetching. */
  public DataLoader(Dataset dataset, int batchSize) {
    this(builder(dataset).batchSize(batchSize));
  }

  /**
   * A loader without prefetching.
   *
   * @deprecated positional booleans are easy to swap; use {@link #builder(Dataset)}: {@code
   *     DataLoader.builder(dataset).batchSize(64).shuffle(true).seed(1).build()}
   */
  @Deprecated
  public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
    this(builder(dataset).batchSize(batchSize).shuffle(shuffle).seed(seed).dropLast(dropLast));
  }

  /**
   * A loader.
   *
   * @deprecated positional booleans are easy to swap; use {@link #builder(Dataset)}: {@code
   *     DataLoader.builder(dataset).batchSize(64).shuffle(true).seed(1).prefetch(2).build()}
   */
  @Deprecated
  public DataLoader(
      Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast, int prefetch) {
    this(
        builder(dataset)
            .batchSize(batchSize)
            .shuffle(shuffle)
            .seed(seed)
            .dropLast(dropLast)
            .prefetch(prefetch));
  }

  private DataLoader(Builder b) {
    this.dataset = b.dataset;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.seed = b.seed != null ? b.seed : b.shuffle ? dev.nabla.core.Nabla.nextSeed() : 0L;
    this.dropLast = b.dropLast;
    this.prefetch = b.prefetch;
  }

  /**
   * Named options for a loader over {@code dataset}, with PyTorch's names and defaults: {@code
   * batchSize} 1, no {@code shuffle}, no {@code dropLast}, no {@code prefetch}; a shuffling loader
   * given no {@code seed} draws one from {@link dev.nabla.core.Nabla#nextSeed()} when it is built,
   * as PyTorch's draws from the default generator, so {@link dev.nabla.core.Nabla#manualSeed(long)}
   * makes its orders reproducible.
   *
   * <pre>{@code
   * DataLoader train = DataLoader.builder(trainSet).batchSize(64).shuffle(true).seed(1).build();
   * }</pre>
   */
  public static Builder builder(Dataset dataset) {
    if (dataset == null) {
      throw new IllegalArgumentException("DataLoader: dataset must not be null");
    }
    return new Builder(dataset);
  }

  /** The options of a {@link DataLoader}; each setter checks its value and returns this. */
  public static final class Builder {
    private final Dataset dataset;
    private int batchSize = 1;
    private boolean shuffle;
    private Long seed;
    private boolean dropLast;
    private int prefetch;

    private Builder(Dataset dataset) {
      this.dataset = dataset;
    }

    /** Examples per batch, at least 1 (default 1). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "DataLoader: batchSize must be at least 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Visit the examples in a new seeded order each epoch (default false: index order). */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /**
     * The seed of the shuffled orders (default: drawn from {@link dev.nabla.core.Nabla#nextSeed()}
     * at {@link #build()} when shuffling; unused without {@link #shuffle(boolean)}).
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Leave out the last batch when it would be smaller than the batch size (default false). */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /** How many batches a background thread may prepare ahead (default 0: none). */
    public Builder prefetch(int batches) {
      if (batches < 0) {
        throw new IllegalArgumentException(
            "DataLoader: prefetch must be 0 (none) or a positive number of batches, got "
                + batches);
      }
      this.prefetch = batches;
      return this;
    }

    /** The loader. */
    public DataLoader build() {
      return new DataLoader(this);
    }
  }

  /** The number of batches in an epoch. */
  public int size() {
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** The dataset the batches come from. */
  public Dataset dataset() {
    return dataset;
  }

  /** Examples per batch (the last batch may hold fewer unless {@link #dropLast()}). */
  public int batchSize() {
    return batchSize;
  }

  /** Whether each epoch visits the examples in a new seeded order. */
  public boolean shuffle() {
    return shuffle;
  }

  /** The seed of the shuffled orders. */
  public long seed() {
    return seed;
  }

  /** Whether an incomplete last batch is left out. */
  public boolean dropLast() {
    return dropLast;
  }

  /** Batches prepared ahead by the background thread; 0 without prefetching. */
  public int prefetch() {
    return prefetch;
  }

  /** The epoch that the next {@link #iterator()} call will run (0 for a new loader). */
  public synchronized int epoch() {
    return nextEpoch;
  }

  /**
   * Makes the next {@link #iterator()} call run epoch {@code epoch} (e.g. to resume); returns this.
   */
  public synchronized DataLoader setEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("DataLoader.setEpoch: epoch must be >= 0, got " + epoch);
    }
    nextEpoch = epoch;
    return this;
  }

  /**
   * The order in which epoch {@code epoch} visits the examples: {@code 0..size-1} without
   * shuffling, otherwise the seeded permutation described in the class comment. Batch {@code k}
   * holds {@code order[k * batchSize]} up to the next batch's start.
   */
  public int[] order(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("DataLoader.order: epoch must be >= 0, got " + epoch);
    }
    int n = dataset.size();
    return shuffle ? EpochOrder.permutation(n, seed, epoch) : EpochOrder.identity(n);
  }

  /**
   * Starts the next epoch. A prefetching iteration of the previous epoch that is still running is
   * stopped first (its iterator then fails if used).
   */
  @Override
  public synchronized Batches iterator() {
    int epoch = nextEpoch++;
    if (active != null) {
      active.stop("epoch " + epoch + " started");
      active = null;
    }
    int[] order = order(epoch);
    int batches = size();
    if (prefetch == 0 || batches == 0) {
      return new Batches(this, epoch, order, batches, null);
    }
    Prefetcher producer = new Prefetcher(dataset, order, batchSize, batches, prefetch);
    active = producer;
    producer.start();
    return new Batches(this, epoch, order, batches, producer);
  }

  /** The dataset indices of batch {@code k} in an epoch with the given order. */
  static int[] batchIndices(int[] order, int k, int batchSize) {
    int from = k * batchSize;
    int to = Math.min(order.length, from + batchSize);
    int[] indices = new int[to - from];
    System.arraycopy(order, from, indices, 0, indices.length);
    return indices;
  }

  private synchronized void finished(Prefetcher producer) {
    if (active == producer) {
      active = null;
    }
  }

  @Override
  public String toString() {
    return "DataLoader["
        + size()
        + " batches of "
        + batchSize
        + ", shuffle="
        + shuffle
        + ", seed="
        + seed
        + ", dropLast="
        + dropLast
        + ", prefetch="
        + prefetch
        + ", "
        + dataset
        + "]";
  }

  /**
   * The batches of one epoch. Close it (try-with-resources) when leaving an epoch early with
   * prefetching on, so that the background thread stops at once rather than when this iterator is
   * garbage collected or the next epoch starts.
   */
  public static final class Batches implements Iterator<Example>, AutoCloseable {
    private final DataLoader loader;
    private final int epoch;
    private final int[] order;
    private final int batches;
    private final Prefetcher producer;
    private final Cleaner.Cleanable cleanable;
    private int next;
    private boolean closed;

    private Batches(DataLoader loader, int epoch, int[] order, int batches, Prefetcher producer) {
      this.loader = loader;
      this.epoch = epoch;
      this.order = order;
      this.batches = batches;
      this.producer = producer;
      // The action captures only the producer, never this iterator, so the iterator can be
      // collected.
      this.cleanable =
          producer == null
              ? null
              : CLEANER.register(this, () -> producer.stop("iterator abandoned"));
    }

    /** The epoch this iteration runs. */
    public int epoch() {
      return epoch;
    }

    /** The number of batches this epoch yields in all. */
    public int size() {
      return batches;
    }

    @Override
    public boolean hasNext() {
      return !closed && next < batches;
    }

    @Override
    public Example next() {
      if (closed) {
        throw new NoSuchElementException(
            "DataLoader: the iteration of epoch " + epoch + " was closed or failed");
      }
      if (next >= batches) {
        throw new NoSuchElementException(
            "DataLoader: epoch " + epoch + " has only " + batches + " batches");
      }
      int k = next++;
      if (producer == null) {
        return loader.dataset.batch(batchIndices(order, k, loader.batchSize));
      }
      try {
        Example batch = producer.take(k, epoch);
        if (next == batches) {
          close();
        }
        return batch;
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    /** Stops the background thread, if any, and ends this iteration; idempotent. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (cleanable != null) {
        cleanable.clean();
        loader.finished(producer);
      }
    }
  }
}
