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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds (or, when asked, downloads) the two files of a split, in the order {@link LoadOptions}
 * documents, and names the source in one log record. Diagnostics go to the {@code System.Logger}
 * named {@value #LOGGER} (java.util.logging unless the application installs another backend): nabla
 * forces no logging framework on its users.
 */
final class Locator {
  /** The name of nabla-datasets' logger. */
  static final String LOGGER = "dev.nabla.datasets";

  private static final System.Logger LOG = System.getLogger(LOGGER);

  private Locator() {}

  /** The images and labels of a split, read from wherever they were found. */
  record Found(Origin origin, String source, IdxArray images, IdxArray labels) {}

  static Found load(DatasetSpec spec, Split split, LoadOptions options) throws IOException {
    Found found = find(spec, split, options);
    announce(spec, split, found, options);
    return found;
  }

  private static Found find(DatasetSpec spec, Split split, LoadOptions options) throws IOException {
    List<String> mirrors = options.mirrorsOr(spec.name(), spec.mirrors());
    if (options.dataDir() != null) {
      return fromDataDir(spec, split, options, mirrors);
    }
    Set<Path> looked = new LinkedHashSet<>();
    List<String> lookedDescribed = new ArrayList<>();
    Path cache = options.cacheDir().resolve(spec.name());
    Path unpack = unpackDir(spec, options);
    Found f = tryDir(cache, split, Origin.CACHE, looked, lookedDescribed, "cache", unpack);
    if (f != null) {
      return f;
    }
    if (options.systemDirs()) {
      for (Path dir : spec.systemDirs()) {
        f = tryDir(dir, split, Origin.SYSTEM, looked, lookedDescribed, "system", unpack);
        if (f != null) {
          return f;
        }
      }
    }
    IOException downloadFailure = null;
    if (options.download()) {
      try {
        return downloadInto(cache, spec, split, options, mirrors);
      } catch (IOException e) {
        downloadFailure = e;
      }
    } else if (spec.embeddedDir() != null && options.embedded()) {
      return readEmbedded(spec, split, unpack);
    }
    throw new IOException(
        notFound(spec, split, options, lookedDescribed, cache, mirrors, downloadFailure),
        downloadFailure);
  }

  /** The data dir named with {@link LoadOptions#dataDir}, or its subdirectory, and nothing else. */
  private static Found fromDataDir(
      DatasetSpec spec, Split split, LoadOptions options, List<String> mirrors) throws IOException {
    Path dir = options.dataDir();
    Path sub = dir.resolve(spec.name());
    for (Path d : List.of(dir, sub)) {
      Found f = readDir(d, split, Origin.DATA_DIR, unpackDir(spec, options));
      if (f != null) {
        return f;
      }
    }
    IOException downloadFailure = null;
    if (options.download()) {
      try {
        return downloadInto(dir, spec, split, options, mirrors);
      } catch (IOException e) {
        downloadFailure = e;
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(spec.title())
        .append(' ')
        .append(split.name().toLowerCase())
        .append(" split not found in the data dir ")
        .append(dir)
        .append(" (LoadOptions.dataDir, --data-dir in the examples): ");
    if (!Files.isDirectory(dir)) {
      sb.append(Files.exists(dir) ? "it is not a directory" : "it does not exist");
    } else {
      sb.append("looked in ")
          .append(dir)
          .append(" and ")
          .append(sub)
          .append(" for ")
          .append(accepted(split.imagesFile()))
          .append(" and ")
          .append(accepted(split.labelsFile()))
          .append(", found ")
          .append(present(dir, split))
          .append(" and ")
          .append(present(sub, split));
    }
    sb.append('.');
    if (downloadFailure != null) {
      sb.append("\nThe download failed: ").append(downloadFailure.getMessage());
    } else {
      sb.append(
          " Put both files there, name another directory, or add --download"
              + " (LoadOptions.download(true)) to download them into it.");
    }
    throw new IOException(sb.toString(), downloadFailure);
  }

  /** The names a file is accepted under: {@code a or a.gz}. */
  private static String accepted(String gzName) {
    return plainName(gzName) + " or " + gzName;
  }

  private static String plainName(String gzName) {
    return gzName.substring(0, gzName.length() - ".gz".length());
  }

  /**
   * What {@code dir} holds of the split's files, e.g. {@code only t10k-images-idx3-ubyte.gz in /d}.
   */
  private static String present(Path dir, Split split) {
    List<String> found = new ArrayList<>();
    for (String file : List.of(split.imagesFile(), split.labelsFile())) {
      Path p = existing(dir, file);
      if (p != null) {
        found.add(p.getFileName().toString());
      }
    }
    return (found.isEmpty() ? "neither" : "only " + found.getFirst()) + " in " + dir;
  }

  private static Found downloadInto(
      Path dir, DatasetSpec spec, Split split, LoadOptions options, List<String> mirrors)
      throws IOException {
    if (mirrors.isEmpty()) {
      throw new IOException("no download mirror is configured for " + spec.title());
    }
    download(spec, split, options, mirrors, dir);
    Found f = readDir(dir, split, Origin.DOWNLOAD, unpackDir(spec, options));
    if (f == null) {
      throw new IOException("the downloaded files are missing from " + dir);
    }
    return f;
  }

  /** Sources already named, so that a train and a test split from one place make one line. */
  private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

  /** Test hook: name every source again. */
  static void forgetAnnounced() {
    ANNOUNCED.clear();
  }

  /** One line naming where the data came from, once per dataset and source in this JVM. */
  private static void announce(DatasetSpec spec, Split split, Found found, LoadOptions options) {
    announce(
        spec.name(),
        spec.title(),
        found.origin(),
        found.source(),
        spec.name().equals("mnist")
            ? " (10,000 of the 60,000 training digits; --download or LoadOptions.download(true)"
                + " fetches the full set)"
            : "",
        options);
  }

  /**
   * One line naming where dataset {@code name} came from, once per dataset and source in this JVM;
   * {@code embeddedNote} follows the words naming the embedded copy.
   */
  static void announce(
      String name,
      String title,
      Origin origin,
      String source,
      String embeddedNote,
      LoadOptions options) {
    if (!ANNOUNCED.add(name + "\0" + origin + "\0" + source)) {
      return;
    }
    String from =
        switch (origin) {
          case DATA_DIR -> "from " + source + " (the data dir)";
          case CACHE -> "from the cache, " + source;
          case SYSTEM -> "from the system-wide install " + source;
          case DOWNLOAD -> "downloaded into " + source;
          case EMBEDDED -> "from the copy embedded in nabla-datasets" + embeddedNote;
        };
    LOG.log(options.quiet() ? Level.DEBUG : Level.INFO, "nabla: " + title + " " + from);
  }

  private static Found tryDir(
      Path dir,
      Split split,
      Origin origin,
      Set<Path> looked,
      List<String> described,
      String what,
      Path unpack)
      throws IOException {
    if (!looked.add(dir.toAbsolutePath().normalize())) {
      return null;
    }
    described.add(dir + " (" + what + ")");
    return readDir(dir, split, origin, unpack);
  }

  /**
   * Where gzipped files are kept decompressed ({@link Unpacked}): {@code
   * <cache>/unpacked/<dataset>}, beside the dataset's own cache directory, which keeps only the
   * files it was given.
   */
  private static Path unpackDir(DatasetSpec spec, LoadOptions options) {
    return options.cacheDir().resolve("unpacked").resolve(spec.name());
  }

  /**
   * Reads the split from {@code dir} if it holds both files, gzipped ones through their unpacked
   * copy in {@code unpack}; null if it does not hold both.
   */
  private static Found readDir(Path dir, Split split, Origin origin, Path unpack)
      throws IOException {
    Path images = existing(dir, split.imagesFile());
    Path labels = existing(dir, split.labelsFile());
    if (images == null || labels == null) {
      return null;
    }
    return new Found(
        origin, dir.toString(), Unpacked.read(images, unpack), Unpacked.read(labels, unpack));
  }

  /** {@code dir/name} or, uncompressed, {@code dir/name} without {@code .gz}; null if neither. */
  private static Path existing(Path dir, String gzName) {
    Path plain = dir.resolve(plainName(gzName));
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

  private static Found readEmbedded(DatasetSpec spec, Split split, Path unpack) throws IOException {
    String dir = spec.embeddedDir();
    return new Found(
        Origin.EMBEDDED,
        "embedded:" + dir,
        readResource(dir, split.imagesFile(), unpack),
        readResource(dir, split.labelsFile(), unpack));
  }

  private static IdxArray readResource(String dir, String file, Path unpack) throws IOException {
    String path = dir + "/" + file;
    byte[] bytes;
    try (InputStream in = Locator.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IOException("embedded:" + path + ": resource missing from nabla-datasets");
      }
      bytes = in.readAllBytes();
    }
    return Unpacked.read(bytes, "embedded:" + path, Unpacked.plainName(file), unpack);
  }

  private static String notFound(
      DatasetSpec spec,
      Split split,
      LoadOptions options,
      List<String> looked,
      Path cache,
      List<String> mirrors,
      IOException downloadFailure) {
    StringBuilder sb = new StringBuilder();
    sb.append(spec.title())
        .append(' ')
        .append(split.name().toLowerCase())
        .append(" split not found:")
        .append(" no directory holds ")
        .append(accepted(split.imagesFile()))
        .append(" and ")
        .append(accepted(split.labelsFile()))
        .append(".\nLooked in: ")
        .append(String.join(", ", looked))
        .append(".\n");
    if (downloadFailure != null) {
      sb.append("The download failed: ").append(downloadFailure.getMessage()).append('\n');
    }
    sb.append("To fix it, do one of:\n");
    if (downloadFailure == null && !mirrors.isEmpty()) {
      sb.append("  - download them into ")
          .append(cache)
          .append(" from ")
          .append(String.join(" or ", mirrors))
          .append(": add --download in the examples, LoadOptions.download(true) in code;\n");
    }
    sb.append("  - put both files in ")
        .append(cache)
        .append(", or set NABLA_DATA (or -Dnabla.data)")
        .append(" to a directory whose ")
        .append(spec.name())
        .append("/ subdirectory holds them;\n")
        .append("  - name the directory that holds them with LoadOptions.dataDir(...)")
        .append(" (--data-dir D in the examples);\n");
    if (spec.installHint() != null) {
      sb.append("  - install them system-wide: ").append(spec.installHint()).append(";\n");
    }
    if (spec.embeddedDir() != null && !options.embedded()) {
      sb.append("  - allow the embedded copy: LoadOptions.embedded(true);\n");
    } else if (spec.embeddedDir() != null && downloadFailure != null) {
      sb.append(
          "  - use the embedded copy (10,000 training digits): drop --download"
              + " (LoadOptions.download(false));\n");
    }
    sb.setLength(sb.length() - 2);
    return sb.append('.').toString();
  }
}
