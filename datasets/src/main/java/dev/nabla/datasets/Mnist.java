package dev.nabla.datasets;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The MNIST handwritten digits: 28x28 grey images of the digits 0 to 9.
 *
 * <pre>{@code
 * Mnist train = Mnist.train();                                        // [N, 1, 28, 28] in [0, 1]
 * Mnist test = Mnist.test(LoadOptions.defaults().flatten(true).normalize(true));  // [10000, 784]
 * }</pre>
 *
 * <p>The files are looked for as {@link LoadOptions} describes: the directory you name and only it,
 * else the cache ({@code ~/.cache/nabla/mnist}, or {@code $NABLA_DATA/mnist}), a download from
 * torchvision's mirrors checked against the published md5 sums if you ask for one ({@link
 * LoadOptions#download(boolean)}), and finally the copy embedded in nabla-datasets, so MNIST works
 * offline out of the box. <b>The embedded training split holds 10,000 of MNIST's 60,000 training
 * digits</b> ({@link #EMBEDDED_TRAIN_SIZE}); its test split is the official 10,000-digit test set.
 * {@link #origin()} tells which one you got.
 */
public final class Mnist extends IdxImageDataset {
  /** The mean pixel of MNIST's training set, after scaling to [0, 1]. */
  public static final float MEAN = 0.1307f;

  /** The standard deviation of MNIST's training pixels, after scaling to [0, 1]. */
  public static final float STD = 0.3081f;

  /** The number of training digits in the embedded copy (the full set has 60,000). */
  public static final int EMBEDDED_TRAIN_SIZE = 10_000;

  /** The class names: the digits. */
  public static final List<String> CLASSES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** torchvision's mirrors (the S3 bucket first: yann.lecun.com now often refuses downloads). */
  static final List<String> MIRRORS =
      List.of(
          "https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/");

  /** The md5 sums torchvision publishes for the original files. */
  static final Map<String, String> MD5 =
      Map.of(
          "train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873",
          "train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432",
          "t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3",
          "t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c");

  static final DatasetSpec SPEC =
      new DatasetSpec("mnist", "MNIST", MIRRORS, MD5, List.of(), "dev/nabla/datasets/mnist", null);

  private Mnist(Split split, LoadOptions options) throws IOException {
    super(SPEC, split, options, CLASSES, MEAN, STD);
  }

  /** The training split with default options. */
  public static Mnist train() throws IOException {
    return load(Split.TRAIN, LoadOptions.defaults());
  }

  /** The training split. */
  public static Mnist train(LoadOptions options) throws IOException {
    return load(Split.TRAIN, options);
  }

  /** The test split (10,000 digits) with default options. */
  public static Mnist test() throws IOException {
    return load(Split.TEST, LoadOptions.defaults());
  }

  /** The test split (10,000 digits). */
  public static Mnist test(LoadOptions options) throws IOException {
    return load(Split.TEST, options);
  }

  /**
   * A split of MNIST.
   *
   * @throws IOException when no location holds the files (the message says where to put them) or a
   *     file is corrupt (the message names it)
   */
  public static Mnist load(Split split, LoadOptions options) throws IOException {
    return new Mnist(split, options);
  }
}
