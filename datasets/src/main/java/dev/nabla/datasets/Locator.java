package dev.nabla.datasets;

import dev.nabla.datasets.internal.Downloader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds (or downloads) the two files of a split, in the order {@link LoadOptions} documents.
 * Diagnostics go to the {@code System.Logger} named {@value #LOGGER} (java.util.logging unless the
 * application installs another backend): nabla forces no logging framework on its users.
 */
final class Locator {
  /** The name of nabla-datasets' logger. */
  static final String LOGGER = "dev.nabla.datasets";
  private static final System.Logger LOG = System.getLogger(LOGGER);

  private Locator() {}

  /** The images and labels of a split, read from wherever they were found. */
  record Found(Origin origin, String source, IdxArray images, IdxArray labels) {}

  static Found load(DatasetSpec spec, Split split, LoadOptions options) throws IOException {
    Set<Path> looked = new LinkedHashSet<>();
    List<String> lookedDescribed = new ArrayList<>();
    if (options.dataDir() != null) {
      for (Path dir : List.of(options.dataDir(), options.dataDir().resolve(spec.name()))) {
        Found f = tryDir(dir, split, Origin.DATA_DIR, looked, lookedDescribed, "data dir");
        if (f != null) {
          return f;
        }
      }
    }
    Path cache = options.cacheDir().resolve(spec.name());
    Found f = tryDir(cache, split, Origin.CACHE, looked, lookedDescribed, "cache");
    if (f != null) {
      return f;
    }
    if (options.systemDirs()) {
      for (Path dir : spec.systemDirs()) {
        f = tryDir(dir, split, Origin.SYSTEM, looked, lookedDescribed, "system");
        if (f != null) {
          return f;
        }
      }
    }
    List<String> mirrors = options.mirrorsOr(spec.name(), spec.mirrors());
    IOException downloadFailure = null;
    if (!options.offline() && !mirrors.isEmpty()) {
      try {
        download(spec, split, options, mirrors, cache);
        f = readDir(cache, split, Origin.DOWNLOAD);
        if (f != null) {
          return f;
        }
      } catch (IOException e) {
        downloadFailure = e;
      }
    }
    if (spec.embeddedDir() != null && options.embedded()) {
      if (downloadFailure != null) {
        // A warning (shown by default): the caller asked for the full dataset and gets the smaller
        // embedded copy. LoadOptions.quiet(true) turns it into a debug record.
        Throwable reason = downloadFailure.getCause() != null ? downloadFailure.getCause() : downloadFailure;
        LOG.log(options.quiet() ? Level.DEBUG : Level.WARNING,
            "nabla: could not download " + spec.title() + " (" + reason.getMessage()
                + "); using the embedded copy" + (split == Split.TRAIN ? " (10,000 training digits)" : ""));
      }
      return readEmbedded(spec, split);
    }
    throw new IOException(
        notFound(spec, split, options, lookedDescribed, cache, mirrors, downloadFailure),
        downloadFailure);
  }

  private static Found tryDir(
      Path dir, Split split, Origin origin, Set<Path> looked, List<String> described, String what)
      throws IOException {
    if (!looked.add(dir.toAbsolutePath().normalize())) {
      return null;
    }
    described.add(dir + " (" + what + ")");
    return readDir(dir, split, origin);
  }

  /** Reads the split from {@code dir} if it holds both files; null if it does not. */
  private static Found readDir(Path dir, Split split, Origin origin) throws IOException {
    Path images = existing(dir, split.imagesFile());
    Path labels = existing(dir, split.labelsFile());
    if (images == null || labels == null) {
      return null;
    }
    return new Found(origin, dir.toString(), IdxReader.read(images), IdxReader.read(labels));
  }

  /** {@code dir/name} or, uncompressed, {@code dir/name} without {@code .gz}; null if neither. */
  private static Path existing(Path dir, String gzName) {
    Path plain = dir.resolve(gzName.substring(0, gzName.length() - ".gz".length()));
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    Path gz = dir.resolve(gzName);
    return Files.isRegularFile(gz) ? gz : null;
  }

  private static void download(
      DatasetSpec spec, Split split, LoadOptions options, List<String> mirrors, Path cache)
      throws IOException {
    var settings =
        new Downloader.Settings(options.connectTimeout(), options.readTimeout(), !options.quiet());
    for (String file : List.of(split.imagesFile(), split.labelsFile())) {
      if (existing(cache, file) == null) {
        String md5 = options.checksumsOr(spec.md5()).get(file);
        if (md5 == null) {
          throw new IOException("no published md5 for " + file + " of " + spec.title());
        }
        Downloader.download(mirrors, file, md5, cache, settings);
      }
    }
  }

  private static Found readEmbedded(DatasetSpec spec, Split split) throws IOException {
    String dir = spec.embeddedDir();
    return new Found(
        Origin.EMBEDDED,
        "embedded:" + dir,
        readResource(dir + "/" + split.imagesFile()),
        readResource(dir + "/" + split.labelsFile()));
  }

  private static IdxArray readResource(String path) throws IOException {
    try (InputStream in = Locator.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IOException("embedded:" + path + ": resource missing from nabla-datasets");
      }
      return IdxReader.read(in, "embedded:" + path);
    }
  }

  private static String notFound(
      DatasetSpec spec, Split split, LoadOptions options, List<String> looked, Path cache,
      List<String> mirrors, IOException downloadFailure) {
    String images = split.imagesFile();
    String labels = split.labelsFile();
    StringBuilder sb = new StringBuilder();
    sb.append(spec.title()).append(' ').append(split.name().toLowerCase()).append(" split not found:")
        .append(" no directory holds ").append(images).append(" and ").append(labels)
        .append(" (gzip or not).\nLooked in: ").append(String.join(", ", looked)).append(".\n");
    if (options.offline()) {
      sb.append("Downloads are off (-Dnabla.offline=true or LoadOptions.offline(true)).\n");
    } else if (mirrors.isEmpty()) {
      sb.append("No download mirror is configured.\n");
    } else if (downloadFailure != null) {
      sb.append("The download failed: ").append(downloadFailure.getMessage()).append('\n');
    }
    sb.append("To fix it, do one of:\n")
        .append("  - put both files in ").append(cache).append(", or set NABLA_DATA (or -Dnabla.data)")
        .append(" to a directory whose ").append(spec.name()).append("/ subdirectory holds them;\n")
        .append("  - name the directory that holds them with LoadOptions.dataDir(...)")
        .append(" (--data-dir D in the examples);\n");
    if (spec.installHint() != null) {
      sb.append("  - install them system-wide: ").append(spec.installHint()).append(";\n");
    }
    if (spec.embeddedDir() != null && !options.embedded()) {
      sb.append("  - allow the embedded copy: LoadOptions.embedded(true);\n");
    }
    if (options.offline() && !mirrors.isEmpty()) {
      sb.append("  - allow downloads (without -Dnabla.offline=true) from ")
          .append(String.join(" or ", mirrors)).append(";\n");
    }
    sb.setLength(sb.length() - 2);
    return sb.append('.').toString();
  }
}
