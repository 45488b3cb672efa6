package dev.nabla.datasets;

/**
 * Where a dataset's files were found, in the order they are looked for (see {@link LoadOptions}).
 */
public enum Origin {
  /** The directory named with {@link LoadOptions#dataDir}. */
  DATA_DIR,
  /** The cache: {@code nabla.data}, {@code NABLA_DATA} or {@code ~/.cache/nabla}, per dataset. */
  CACHE,
  /** A system-wide install, e.g. Debian's {@code /usr/share/datasets/fashion-mnist}. */
  SYSTEM,
  /** Downloaded just now (asked for with {@link LoadOptions#download(boolean)}). */
  DOWNLOAD,
  /**
   * The copy shipped inside nabla-datasets: MNIST (10,000 training digits) and {@link Austen} (all
   * six novels).
   */
  EMBEDDED
}
