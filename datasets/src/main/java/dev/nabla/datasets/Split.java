package dev.nabla.datasets;

/** A dataset's training or test split. */
public enum Split {
  /** The training split ({@code train-*} files). */
  TRAIN("train"),
  /** The test split ({@code t10k-*} files). */
  TEST("t10k");

  private final String filePrefix;

  Split(String filePrefix) {
    this.filePrefix = filePrefix;
  }

  /** The images file of this split, e.g. {@code train-images-idx3-ubyte.gz}. */
  public String imagesFile() {
    return filePrefix + "-images-idx3-ubyte.gz";
  }

  /** The labels file of this split, e.g. {@code train-labels-idx1-ubyte.gz}. */
  public String labelsFile() {
    return filePrefix + "-labels-idx1-ubyte.gz";
  }
}
