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
  private final TensorDataset data;

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
    Tensor inputs = toImages(images, options, mean, std);
    Tensor targets = options.oneHot() ? oneHot(labels, classes.size()) : labels;
    this.data = new TensorDataset(inputs, targets);
  }

  /** Pixels scaled to [0, 1], then normalised if asked: one lookup per pixel. */
  private static Tensor toImages(IdxArray images, LoadOptions options, double mean, double std) {
    int n = images.count();
    int rows = images.shape()[1];
    int cols = images.shape()[2];
    float[] lut = new float[256];
    double m = options.normalize() ? options.meanOr(mean) : 0.0;
    double s = options.normalize() ? options.stdOr(std) : 1.0;
    for (int v = 0; v < 256; v++) {
      lut[v] = (float) ((v / 255.0 - m) / s);
    }
    Tensor out = options.flatten() ? Tensor.zeros(n, rows * cols) : Tensor.zeros(n, 1, rows, cols);
    float[] dst = out.floatStorage();
    byte[] src = images.data();
    for (int i = 0; i < src.length; i++) {
      dst[i] = lut[src[i] & 0xff];
    }
    return out;
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

  /** All images, FLOAT32 {@code [N, 1, 28, 28]} or {@code [N, 784]} (the live tensor). */
  public Tensor images() {
    return data.inputs();
  }

  /** All labels as class indices, INT32 {@code [N]} (the live tensor). */
  public Tensor labels() {
    return labels;
  }

  /** All targets: the labels, or their one-hot rows with {@link LoadOptions#oneHot(boolean)}. */
  public Tensor targets() {
    return data.targets();
  }

  @Override
  public int size() {
    return data.size();
  }

  @Override
  public Example get(int i) {
    return data.get(i);
  }

  @Override
  public Example batch(int[] indices) {
    return data.batch(indices);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "["
        + split.name().toLowerCase()
        + ", "
        + size()
        + " images "
        + Arrays.toString(images().shape())
        + ", from "
        + source
        + "]";
  }
}
