package dev.nabla.datasets;

import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Windows of a token stream for next-token prediction: example {@code i} is a window of {@code
 * blockSize + 1} consecutive tokens, its input the first {@code blockSize} ({@code ids[s, s + T)})
 * and its target the same shifted by one ({@code ids[s + 1, s + T + 1)}), both INT32 {@code [T]},
 * so a {@link DataLoader} batches them to {@code [B, T]}. As in nanoGPT or char-rnn, the model
 * predicts at each position the token that follows.
 *
 * <pre>{@code
 * CharVocabulary vocab = CharVocabulary.of(text);
 * TextDataset data = new TextDataset(vocab.encode(text), 64);       // non-overlapping windows
 * TextDataset every = new TextDataset(vocab.encode(text), 64, 1);   // a window at every offset
 * for (Example b : DataLoader.builder(data).batchSize(32).shuffle(true).build()) {
 *   // b.input(), b.target(): INT32 [32, 64]
 * }
 * }</pre>
 *
 * <p><b>Windows.</b> Window {@code j} of a segment starts at token {@code j * stride}; there are
 * {@code (L - T - 1) / stride + 1} windows in a segment of {@code L >= T + 1} tokens (none in a
 * shorter one), and a tail shorter than a stride is left out. The default stride is {@code
 * blockSize}: the inputs do not overlap and each token is an input once (the last target of a
 * window is the first input of the next). Stride 1 gives a window at every offset. Given several
 * segments (the documents of a corpus, or the parts of a {@link TextSplit}), no window crosses from
 * one into the next; examples are numbered segment by segment, in order.
 *
 * <p>The tokens are copied once when the dataset is built; it is immutable and safe to read from
 * the loader's prefetch thread. {@link #batch(int[])} copies the windows straight into the batch's
 * two arrays.
 */
public final class TextDataset implements Dataset {
  private final int[] tokens;
  private final int blockSize;
  private final int stride;

  /** Where each segment starts in {@link #tokens}. */
  private final int[] segmentStart;

  /** The number of windows in the segments before segment {@code k}; one more entry, the total. */
  private final int[] windowsBefore;

  /** Non-overlapping windows of {@code blockSize} inputs: stride {@code blockSize}. */
  public TextDataset(int[] ids, int blockSize) {
    this(ids, blockSize, blockSize);
  }

  /** Windows of {@code blockSize} inputs starting every {@code stride} tokens of {@code ids}. */
  public TextDataset(int[] ids, int blockSize, int stride) {
    this(listOf(ids), blockSize, stride);
  }

  /**
   * Windows of {@code blockSize} inputs starting every {@code stride} tokens within each segment,
   * none crossing from one segment into the next.
   *
   * @throws IllegalArgumentException if {@code blockSize} or {@code stride} is below 1, there is no
   *     segment, one is null, an id is negative, or no segment holds {@code blockSize + 1} tokens
   */
  public TextDataset(List<int[]> segments, int blockSize, int stride) {
    if (blockSize < 1) {
      throw new IllegalArgumentException(
          "TextDataset: expected blockSize >= 1 (tokens per input), got " + blockSize);
    }
    if (stride < 1) {
      throw new IllegalArgumentException(
          "TextDataset: expected stride >= 1 (tokens between window starts), got " + stride);
    }
    if (segments == null
        || segments.isEmpty()
        || segments.stream().anyMatch(segment -> segment == null)) {
      throw new IllegalArgumentException(
          "TextDataset: expected one or more token arrays, none null, got "
              + (segments == null ? "null" : segments.isEmpty() ? "none" : "a null array"));
    }
    long total = 0;
    long windows = 0;
    int longest = 0;
    for (int[] segment : segments) {
      total += segment.length;
      windows += windowsIn(segment.length, blockSize, stride);
      longest = Math.max(longest, segment.length);
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "TextDataset: expected fewer than 2^31 tokens, got " + total);
    }
    if (windows == 0) {
      throw new IllegalArgumentException(
          "TextDataset: expected a token array of at least blockSize + 1 = "
              + (blockSize + 1L)
              + " tokens (an input and its target shifted by one), got "
              + (total == 0 ? "no tokens" : "at most " + longest));
    }
    this.tokens = new int[(int) total];
    this.segmentStart = new int[segments.size()];
    this.windowsBefore = new int[segments.size() + 1];
    int at = 0;
    for (int k = 0; k < segments.size(); k++) {
      int[] segment = segments.get(k);
      for (int p = 0; p < segment.length; p++) {
        if (segment[p] < 0) {
          throw new IllegalArgumentException(
              "TextDataset: expected token ids >= 0, got "
                  + segment[p]
                  + " at position "
                  + p
                  + (segments.size() > 1 ? " of segment " + k : ""));
        }
      }
      System.arraycopy(segment, 0, tokens, at, segment.length);
      segmentStart[k] = at;
      at += segment.length;
      windowsBefore[k + 1] =
          Math.toIntExact(windowsBefore[k] + windowsIn(segment.length, blockSize, stride));
    }
    this.blockSize = blockSize;
    this.stride = stride;
  }

  private static List<int[]> listOf(int[] ids) {
    if (ids == null) {
      throw new IllegalArgumentException("TextDataset: expected token ids, got null");
    }
    return List.of(ids);
  }

  private static long windowsIn(int length, int blockSize, int stride) {
    return length < blockSize + 1L ? 0 : (length - blockSize - 1L) / stride + 1;
  }

  /** The number of tokens in each input and target, {@code T}. */
  public int blockSize() {
    return blockSize;
  }

  /** The tokens between the starts of two windows of a segment. */
  public int stride() {
    return stride;
  }

  /** The number of tokens held, over all segments. */
  public int tokenCount() {
    return tokens.length;
  }

  /** The number of segments. */
  public int segmentCount() {
    return segmentStart.length;
  }

  @Override
  public int size() {
    return windowsBefore[windowsBefore.length - 1];
  }

  /**
   * Where window {@code i} starts in the segment holding it: {@code {segment, offset}}; its input
   * is tokens {@code [offset, offset + T)} of that segment.
   */
  public int[] position(int i) {
    checkIndex("TextDataset.position", i, -1);
    int k = segmentOf(i);
    return new int[] {k, (i - windowsBefore[k]) * stride};
  }

  @Override
  public Example get(int i) {
    checkIndex("TextDataset.get", i, -1);
    int s = start(i);
    return new Example(
        Tensor.of(Arrays.copyOfRange(tokens, s, s + blockSize), blockSize),
        Tensor.of(Arrays.copyOfRange(tokens, s + 1, s + 1 + blockSize), blockSize));
  }

  @Override
  public Example batch(int[] indices) {
    if (indices == null || indices.length == 0) {
      throw new IllegalArgumentException(
          "TextDataset.batch: expected at least one index, got " + Arrays.toString(indices));
    }
    int[] inputs = new int[Math.multiplyExact(indices.length, blockSize)];
    int[] targets = new int[inputs.length];
    for (int k = 0; k < indices.length; k++) {
      checkIndex("TextDataset.batch", indices[k], k);
      int s = start(indices[k]);
      System.arraycopy(tokens, s, inputs, k * blockSize, blockSize);
      System.arraycopy(tokens, s + 1, targets, k * blockSize, blockSize);
    }
    return new Example(
        Tensor.of(inputs, indices.length, blockSize),
        Tensor.of(targets, indices.length, blockSize));
  }

  /** The index in {@link #tokens} of window {@code i}'s first input token. */
  private int start(int i) {
    int k = segmentOf(i);
    return segmentStart[k] + (i - windowsBefore[k]) * stride;
  }

  /**
   * The segment holding window {@code i}: the last {@code k} with {@code windowsBefore[k] <= i}.
   */
  private int segmentOf(int i) {
    int k = Arrays.binarySearch(windowsBefore, i);
    if (k < 0) {
      return -k - 2;
    }
    // Empty segments share their windowsBefore entry with the next one: take the last of them.
    while (k + 1 < windowsBefore.length - 1 && windowsBefore[k + 1] == i) {
      k++;
    }
    return k;
  }

  private void checkIndex(String op, int i, int position) {
    if (i < 0 || i >= size()) {
      throw new IndexOutOfBoundsException(
          op
              + ": index "
              + i
              + (position >= 0 ? " at position " + position : "")
              + " is out of range [0, "
              + size()
              + ")");
    }
  }

  @Override
  public String toString() {
    return "TextDataset["
        + size()
        + " windows of "
        + blockSize
        + " tokens, stride "
        + stride
        + ", "
        + tokens.length
        + " tokens in "
        + segmentStart.length
        + (segmentStart.length == 1 ? " segment]" : " segments]");
  }
}
