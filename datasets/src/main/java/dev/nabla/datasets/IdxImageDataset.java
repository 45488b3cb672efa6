package dev.nabla.datasets;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * An image-classification split read from a pair of IDX files (images and labels), as {@link Mnist}
 * and {@link FashionMnist} are. Example {@code i} is image {@code i} (FLOAT32, {@code [1, 28, 28]}
 * or {@code [784]} flattened) and its label (an INT32 scalar, or a FLOAT32 one-hot row); batches
 * are collated by a direct copy.
 */
public abstract sealed class IdxImageDataset implements Dataset permits Mnist, FashionMnist {
  private final Split split;
  private final Origin origin;
  private final String source;
  private final List<String> classes;
  private final Tensor labels;
  private final Tensor targets;

  /** The pixels as read, one unsigned byte each: a quarter of the memory of floats. */
  private final byte[] pixels;

  /** Pixel value to float (scaled, normalised if asked): one lookup per pixel. */
  private final float[] lut;

  /** The shape of one image: {@code [1, rows, cols]} or {@code [rows * cols]}. */
  private final int[] imageShape;

  private final int imageSize;
  private final int n;

  /** The float images, made on the first call of {@link #images()}; batches read them after. */
  private volatile TensorDataset floats;

  IdxImageDataset(
      DatasetSpec spec,
      Split split,
      LoadOptions options,
      List<String> classes,
      double mean,
      double std)
      throws IOException {
    if (split == null || options == null) {
      throw new IllegalArgumentException(
          spec.title()
              + ".load: split and options must not be null, got split="
              + split
              + ", options="
              + options);
    }
    Locator.Found found = Locator.load(spec, split, options);
    IdxArray images = found.images();
    IdxArray labelBytes = found.labels();
    if (images.rank() != 3) {
      throw new IOException(
          found.source()
              + ": "
              + split.imagesFile()
              + " has shape "
              + Arrays.toString(images.shape())
              + ", expected [N, rows, cols]");
    }
    if (labelBytes.rank() != 1 || labelBytes.count() != images.count()) {
      throw new IOException(
          found.source()
              + ": "
              + split.labelsFile()
              + " has shape "
              + Arrays.toString(labelBytes.shape())
              + ", expected ["
              + images.count()
              + "] to match the "
              + images.count()
              + " images");
    }
    this.split = split;
    this.origin = found.origin();
    this.source = found.source();
    this.classes = List.copyOf(classes);
    this.labels = toLabels(labelBytes, classes.size(), found.source() + ": " + split.labelsFile());
    this.targets = options.oneHot() ? oneHot(labels, classes.size()) : labels;
    this.n = images.count();
    int rows = images.shape()[1];
    int cols = images.shape()[2];
    this.imageShape = options.flatten() ? new int[] {rows * cols} : new int[] {1, rows, cols};
    this.imageSize = rows * cols;
    this.pixels = images.data();
    this.lut = new float[256];
    double m = options.normalize() ? options.meanOr(mean) : 0.0;
    double s = options.normalize() ? options.stdOr(std) : 1.0;
    for (int v = 0; v < 256; v++) {
      lut[v] = (float) ((v / 255.0 - m) / s);
    }
  }

  /**
   * Images {@code from} to {@code from + count} converted to floats into {@code dst} at {@code at}.
   */
  private void convert(int from, int count, float[] dst, int at) {
    int src = from * imageSize;
    for (int i = 0, end = count * imageSize; i < end; i++) {
      dst[at + i] = lut[pixels[src + i] & 0xff];
    }
  }

  /** The float images and the targets, made once, when {@link #images()} is first called. */
  private TensorDataset floats() {
    TensorDataset f = floats;
    if (f == null) {
      synchronized (this) {
        f = floats;
        if (f == null) {
          int[] shape = new int[imageShape.length + 1];
          shape[0] = n;
          System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
          Tensor all = Tensor.zeros(shape);
          convert(0, n, all.floatStorage(), 0);
          f = new TensorDataset(all, targets);
          floats = f;
        }
      }
    }
    return f;
  }

  private static Tensor toLabels(IdxArray labelBytes, int numClasses, String file)
      throws IOException {
    Tensor labels = Tensor.zeros(DType.INT32, labelBytes.count());
    int[] dst = labels.intStorage();
    for (int i = 0; i < dst.length; i++) {
      int label = labelBytes.unsigned(i);
      if (label >= numClasses) {
        throw new IOException(
            file
                + ": label "
                + label
                + " of item "
                + i
                + " (byte offset "
                + (8 + i)
                + ") is not a class: expected 0 to "
                + (numClasses - 1));
      }
      dst[i] = label;
    }
    return labels;
  }

  private static Tensor oneHot(Tensor labels, int numClasses) {
    int[] src = labels.intStorage();
    Tensor out = Tensor.zeros(src.length, numClasses);
    float[] dst = out.floatStorage();
    for (int i = 0; i < src.length; i++) {
      dst[i * numClasses + src[i]] = 1f;
    }
    return out;
  }

  /** The split these examples come from. */
  public Split split() {
    return split;
  }

  /** Where the files were found. */
  public Origin origin() {
    return origin;
  }

  /** The directory the files were read from, or {@code embedded:<resource dir>}. */
  public String source() {
    return source;
  }

  /** The class names, indexed by label. */
  public List<String> classes() {
    return classes;
  }

  /** The number of classes (10). */
  public int numClasses() {
    return classes.size();
  }

  /**
   * All images, FLOAT32 {@code [N, 1, 28, 28]} or {@code [N, 784]} (the live tensor: changing it
   * changes the examples). The dataset keeps its pixels as bytes and converts each batch as it is
   * collated; the first call of this method makes the float tensor (4 bytes a pixel: 188 MB for
   * Fashion-MNIST's training images), which batches read from then on.
   */
  public Tensor images() {
    return floats().inputs();
  }

  /** All labels as class indices, INT32 {@code [N]} (the live tensor). */
  public Tensor labels() {
    return labels;
  }

  /** All targets: the labels, or their one-hot rows with {@link LoadOptions#oneHot(boolean)}. */
  public Tensor targets() {
    return targets;
  }

  @Override
  public int size() {
    return n;
  }

  @Override
  public Example get(int i) {
    TensorDataset f = floats;
    if (f != null) {
      return f.get(i);
    }
    if (i < 0 || i >= n) {
      throw new IndexOutOfBoundsException(
          getClass().getSimpleName() + ".get: index " + i + " is out of range [0, " + n + ")");
    }
    Tensor image = Tensor.zeros(imageShape);
    convert(i, 1, image.floatStorage(), 0);
    return new Example(image, targetRows(new int[] {i}, false));
  }

  @Override
  public Example batch(int[] indices) {
    TensorDataset f = floats;
    if (f != null) {
      return f.batch(indices);
    }
    if (indices == null || indices.length == 0) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ".batch: expected at least one index, got "
              + Arrays.toString(indices));
    }
    for (int k = 0; k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= n) {
        throw new IndexOutOfBoundsException(
            getClass().getSimpleName()
                + ".batch: index "
                + indices[k]
                + " at position "
                + k
                + " is out of range [0, "
                + n
                + ")");
      }
    }
    int[] shape = new int[imageShape.length + 1];
    shape[0] = indices.length;
    System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
    Tensor images = Tensor.zeros(shape);
    float[] dst = images.floatStorage();
    for (int k = 0; k < indices.length; k++) {
      convert(indices[k], 1, dst, k * imageSize);
    }
    return new Example(images, targetRows(indices, true));
  }

  /** The targets of the given examples (INT32 labels or FLOAT32 one-hot rows), copied. */
  private Tensor targetRows(int[] indices, boolean keepBatchDim) {
    int width = targets.rank() == 1 ? 1 : targets.dim(1);
    int[] shape =
        targets.rank() == 1
            ? (keepBatchDim ? new int[] {indices.length} : new int[0])
            : (keepBatchDim ? new int[] {indices.length, width} : new int[] {width});
    Tensor out = Tensor.zeros(targets.dtype(), shape);
    Object src = targets.rank() == 1 ? targets.intStorage() : targets.floatStorage();
    Object dst = targets.rank() == 1 ? out.intStorage() : out.floatStorage();
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(src, indices[k] * width, dst, k * width, width);
    }
    return out;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "["
        + split.name().toLowerCase()
        + ", "
        + n
        + " images ["
        + n
        + ", "
        + Arrays.toString(imageShape).substring(1)
        + ", from "
        + source
        + "]";
  }
}
