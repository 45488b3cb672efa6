package dev.nabla.datasets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How {@link Mnist} and {@link FashionMnist} find and shape their data. Immutable: each method
 * returns a changed copy, so {@code LoadOptions.defaults().flatten(true).normalize(true)} reads as
 * a sentence.
 *
 * <p><b>Where the files come from.</b> A location counts when it holds both the images and the
 * labels file of the split, each raw ({@code train-images-idx3-ubyte}) or gzipped ({@code
 * train-images-idx3-ubyte.gz}).
 *
 * <ul>
 *   <li>With {@link #dataDir(Path)}, only that directory or its {@code <dataset>} subdirectory
 *       ({@code mnist}, {@code fashion-mnist}): if neither holds the files, loading fails naming
 *       the directory and the files (or, with {@link #download(boolean) download(true)}, downloads
 *       them into it). Nothing else is tried, so a mistyped directory never trains on other data.
 *   <li>Otherwise, first match wins: the cache, {@code <root>/<dataset>}, where the root is {@link
 *       #cacheDir(Path)}, else the system property {@code nabla.data}, else the environment
 *       variable {@code NABLA_DATA}, else {@code ~/.cache/nabla}; a system-wide install (for
 *       Fashion-MNIST, {@code /usr/share/datasets/fashion-mnist}, Debian's {@code
 *       dataset-fashion-mnist} package); with {@link #download(boolean) download(true)} only, a
 *       download from the dataset's public mirrors into the cache, checked against the published
 *       md5 sums (a failed download fails the load); for MNIST, the copy embedded in nabla-datasets
 *       (the official 10,000 test digits, but only 10,000 of the 60,000 training digits), unless
 *       {@link #embedded(boolean) embedded(false)}.
 * </ul>
 *
 * <p>As torchvision's {@code download=True}, nothing is downloaded unless asked. One line (an INFO
 * record of the {@code System.Logger} {@code dev.nabla.datasets}, once per dataset and source) says
 * where the data came from.
 *
 * <p><b>Shape.</b> Images are FLOAT32 {@code [N, 1, 28, 28]} scaled to {@code [0, 1]} ({@code [N,
 * 784]} with {@link #flatten(boolean) flatten}), optionally normalised to {@code (x - mean) / std};
 * labels are INT32 {@code [N]} (FLOAT32 one-hot {@code [N, 10]} with {@link #oneHot(boolean)
 * oneHot}, e.g. for a mean-squared-error loss).
 *
 * <p><b>Text.</b> {@link Austen} reads only {@link #dataDir(Path)} (that directory or its {@code
 * austen} subdirectory), {@link #embedded(boolean)} and {@link #quiet(boolean)}; with no data dir
 * it uses its embedded copy.
 */
public final class LoadOptions {
  private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private Path dataDir;
  private Path cacheDir;
  private boolean flatten;
  private boolean normalize;
  private double mean = Double.NaN;
  private double std = Double.NaN;
  private boolean oneHot;
  private boolean download;
  private boolean embedded = true;
  private List<String> mirrors;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration readTimeout = DEFAULT_READ_TIMEOUT;
  private boolean quiet;
  private Map<String, String> checksums;
  private boolean systemDirs = true;

  private LoadOptions() {}

  /** Nothing flattened or normalised, integer labels, files looked for everywhere, no download. */
  public static LoadOptions defaults() {
    return new LoadOptions();
  }

  private LoadOptions copy() {
    LoadOptions c = new LoadOptions();
    c.dataDir = dataDir;
    c.cacheDir = cacheDir;
    c.flatten = flatten;
    c.normalize = normalize;
    c.mean = mean;
    c.std = std;
    c.oneHot = oneHot;
    c.download = download;
    c.embedded = embedded;
    c.mirrors = mirrors;
    c.connectTimeout = connectTimeout;
    c.readTimeout = readTimeout;
    c.quiet = quiet;
    c.checksums = checksums;
    c.systemDirs = systemDirs;
    return c;
  }

  /**
   * Read the files from {@code dir} or its {@code <dataset>} subdirectory and nowhere else: a
   * directory without them fails the load (null: look in the usual places).
   */
  public LoadOptions dataDir(Path dir) {
    LoadOptions c = copy();
    c.dataDir = dir;
    return c;
  }

  /** The directory named with {@link #dataDir(Path)}, or null. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * The cache root, which holds one subdirectory per dataset and receives downloads; null restores
   * the default ({@code nabla.data}, {@code NABLA_DATA}, {@code ~/.cache/nabla}).
   */
  public LoadOptions cacheDir(Path root) {
    LoadOptions c = copy();
    c.cacheDir = root;
    return c;
  }

  /** The cache root in effect: see {@link #cacheDir(Path)}. */
  public Path cacheDir() {
    if (cacheDir != null) {
      return cacheDir;
    }
    String property = System.getProperty("nabla.data");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv("NABLA_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "nabla");
  }

  /** Images as {@code [N, 784]} rows instead of {@code [N, 1, 28, 28]} (for MLPs). */
  public LoadOptions flatten(boolean flatten) {
    LoadOptions c = copy();
    c.flatten = flatten;
    return c;
  }

  /** Whether images are flattened. */
  public boolean flatten() {
    return flatten;
  }

  /**
   * Normalise pixels to {@code (x - mean) / std} with the dataset's usual constants ({@link
   * Mnist#MEAN}, {@link Mnist#STD}; {@link FashionMnist#MEAN}, {@link FashionMnist#STD}).
   */
  public LoadOptions normalize(boolean normalize) {
    LoadOptions c = copy();
    c.normalize = normalize;
    c.mean = Double.NaN;
    c.std = Double.NaN;
    return c;
  }

  /** Normalise pixels (scaled to [0, 1] first) to {@code (x - mean) / std}; {@code std > 0}. */
  public LoadOptions normalize(double mean, double std) {
    if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
      throw new IllegalArgumentException(
          "LoadOptions.normalize: expected a finite mean and a finite std > 0, got mean="
              + mean
              + ", std="
              + std);
    }
    LoadOptions c = copy();
    c.normalize = true;
    c.mean = mean;
    c.std = std;
    return c;
  }

  /** Whether pixels are normalised. */
  public boolean normalize() {
    return normalize;
  }

  /** The normalisation mean: the one given, else {@code datasetMean}. */
  double meanOr(double datasetMean) {
    return Double.isNaN(mean) ? datasetMean : mean;
  }

  /** The normalisation std: the one given, else {@code datasetStd}. */
  double stdOr(double datasetStd) {
    return Double.isNaN(std) ? datasetStd : std;
  }

  /** Targets as FLOAT32 one-hot rows {@code [N, 10]} instead of INT32 class indices {@code [N]}. */
  public LoadOptions oneHot(boolean oneHot) {
    LoadOptions c = copy();
    c.oneHot = oneHot;
    return c;
  }

  /** Whether targets are one-hot. */
  public boolean oneHot() {
    return oneHot;
  }

  /**
   * Download the files from the dataset's mirrors when they are not found (into the {@link
   * #dataDir(Path) data dir} if one is named, else the cache), as torchvision's {@code
   * download=True}; default false: nothing is downloaded and no network is touched.
   */
  public LoadOptions download(boolean download) {
    LoadOptions c = copy();
    c.download = download;
    return c;
  }

  /** Whether missing files are downloaded. */
  public boolean download() {
    return download;
  }

  /**
   * The opposite of {@link #download(boolean)}.
   *
   * @deprecated downloads are off unless asked for; use {@link #download(boolean)}
   */
  @Deprecated
  public LoadOptions offline(boolean offline) {
    return download(!offline);
  }

  /** Whether MNIST and {@link Austen} may fall back to their embedded copy (default true). */
  public LoadOptions embedded(boolean embedded) {
    LoadOptions c = copy();
    c.embedded = embedded;
    return c;
  }

  /** Whether MNIST and {@link Austen} may fall back to their embedded copy. */
  public boolean embedded() {
    return embedded;
  }

  /**
   * Base URLs to download from, tried in order (each file is {@code base + name}), instead of the
   * dataset's public mirrors; also settable with the system property {@code
   * nabla.mirrors.<dataset>} (comma-separated). The files must match the published checksums.
   */
  public LoadOptions mirrors(String... baseUrls) {
    if (baseUrls == null || Arrays.asList(baseUrls).contains(null)) {
      throw new IllegalArgumentException(
          "LoadOptions.mirrors: expected base URLs, got " + Arrays.toString(baseUrls));
    }
    LoadOptions c = copy();
    c.mirrors = List.of(baseUrls);
    return c;
  }

  /**
   * The mirrors in effect for a dataset: as set, else the system property, else {@code defaults}.
   */
  List<String> mirrorsOr(String dataset, List<String> defaults) {
    if (mirrors != null) {
      return mirrors;
    }
    String property = System.getProperty("nabla.mirrors." + dataset);
    if (property != null && !property.isBlank()) {
      return Arrays.stream(property.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();
    }
    return defaults;
  }

  /** Connect and read timeouts of downloads (defaults 10 s and 30 s); a download never hangs. */
  public LoadOptions timeouts(Duration connect, Duration read) {
    if (connect == null
        || read == null
        || connect.isNegative()
        || connect.isZero()
        || read.isNegative()
        || read.isZero()) {
      throw new IllegalArgumentException(
          "LoadOptions.timeouts: expected positive durations, got connect="
              + connect
              + ", read="
              + read);
    }
    LoadOptions c = copy();
    c.connectTimeout = connect;
    c.readTimeout = read;
    return c;
  }

  /** The connect timeout of downloads. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The read timeout of downloads (per read, so a stalled server fails after it). */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** No download progress bar, and the line naming the source is a DEBUG record, not INFO. */
  public LoadOptions quiet(boolean quiet) {
    LoadOptions c = copy();
    c.quiet = quiet;
    return c;
  }

  /** Whether the load is quiet. */
  public boolean quiet() {
    return quiet;
  }

  /** Test hook: expected md5 per file name instead of the published ones. */
  LoadOptions checksums(Map<String, String> md5ByFile) {
    LoadOptions c = copy();
    c.checksums = Map.copyOf(md5ByFile);
    return c;
  }

  Map<String, String> checksumsOr(Map<String, String> published) {
    return checksums != null ? checksums : published;
  }

  /** Test hook: whether system-wide installs (Debian's) are looked at. */
  LoadOptions systemDirs(boolean systemDirs) {
    LoadOptions c = copy();
    c.systemDirs = systemDirs;
    return c;
  }

  boolean systemDirs() {
    return systemDirs;
  }

  @Override
  public String toString() {
    return "LoadOptions[dataDir="
        + dataDir
        + ", cacheDir="
        + cacheDir()
        + ", flatten="
        + flatten
        + ", normalize="
        + normalize
        + (Double.isNaN(mean) ? "" : "(" + mean + ", " + std + ")")
        + ", oneHot="
        + oneHot
        + ", download="
        + download
        + ", embedded="
        + embedded
        + ", quiet="
        + quiet
        + "]";
  }
}
