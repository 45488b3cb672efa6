package dev.nabla.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Zalando's Fashion-MNIST: 28x28 grey images of ten kinds of clothing, 60,000 for training and
 * 10,000 for testing, in MNIST's file format.
 *
 * <p>The files are looked for as {@link LoadOptions} describes: the directory you name and only it,
 * else the cache ({@code ~/.cache/nabla/fashion-mnist}, or {@code $NABLA_DATA/fashion-mnist}),
 * Debian's install ({@code apt-get install dataset-fashion-mnist} puts them in {@link
 * #DEBIAN_DIR}), and, if you ask for one ({@link LoadOptions#download(boolean)}), a download from
 * Zalando's S3 bucket checked against the published md5 sums. There is no embedded copy.
 */
public final class FashionMnist extends IdxImageDataset {
  /** The mean pixel of Fashion-MNIST's training set, after scaling to [0, 1]. */
  public static final float MEAN = 0.2860f;

  /** The standard deviation of Fashion-MNIST's training pixels, after scaling to [0, 1]. */
  public static final float STD = 0.3530f;

  /** The class names, indexed by label. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The Zalando S3 bucket, as in torchvision. */
  static final List<String> MIRRORS =
      List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

  /** The md5 sums torchvision publishes for the original files. */
  static final Map<String, String> MD5 =
      Map.of(
          "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
          "train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe",
          "t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79",
          "t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310");

  static final DatasetSpec SPEC =
      new DatasetSpec(
          "fashion-mnist",
          "Fashion-MNIST",
          MIRRORS,
          MD5,
          List.of(DEBIAN_DIR),
          null,
          "apt-get install dataset-fashion-mnist (Debian, Ubuntu)");

  private FashionMnist(Split split, LoadOptions options) throws IOException {
    super(SPEC, split, options, CLASSES, MEAN, STD);
  }

  /** The training split (60,000 images) with default options. */
  public static FashionMnist train() throws IOException {
    return load(Split.TRAIN, LoadOptions.defaults());
  }

  /** The training split (60,000 images). */
  public static FashionMnist train(LoadOptions options) throws IOException {
    return load(Split.TRAIN, options);
  }

  /** The test split (10,000 images) with default options. */
  public static FashionMnist test() throws IOException {
    return load(Split.TEST, LoadOptions.defaults());
  }

  /** The test split (10,000 images). */
  public static FashionMnist test(LoadOptions options) throws IOException {
    return load(Split.TEST, options);
  }

  /**
   * A split of Fashion-MNIST.
   *
   * @throws IOException when no location holds the files (the message says where to put them or
   *     what to install) or a file is corrupt (the message names it)
   */
  public static FashionMnist load(Split split, LoadOptions options) throws IOException {
    return new FashionMnist(split, options);
  }
}
