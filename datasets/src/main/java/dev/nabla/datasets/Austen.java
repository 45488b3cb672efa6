package dev.nabla.datasets;

import dev.nabla.datasets.internal.VerifiedText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Jane Austen's six novels as plain text, for character-level language models: 4,025,028
 * characters, 81 distinct ones (ASCII but for a single "£"). They ship inside nabla-datasets (six
 * gzip files, 1.5 MB), so a language model trains offline out of the box.
 *
 * <pre>{@code
 * Austen austen = Austen.load();                      // the embedded copy, checksums verified
 * CharVocabulary vocab = austen.vocabulary();         // 81 characters
 * TextDataset train = austen.train(vocab, 128);       // the first 90 % of each novel
 * TextDataset valid = austen.validation(vocab, 128);  // the last 10 % of each novel
 * // DataLoader batches: input and target INT32 [B, 128], the target shifted by one character
 * }</pre>
 *
 * <p><b>Where the text comes from.</b> With {@link LoadOptions#dataDir(Path)}, from that directory
 * or its {@code austen} subdirectory and nowhere else: it must hold the six {@code .txt} files
 * ({@link Novel#file()}). Otherwise from the copy embedded in nabla-datasets, unless {@link
 * LoadOptions#embedded(boolean) embedded(false)}. Either way every text's sha256 is checked against
 * {@link Novel#sha256()} and a mismatch fails the load, naming the file: this class is these six
 * texts. For other text, build a {@link CharVocabulary} and a {@link TextDataset} from your own
 * strings. The other options of {@link LoadOptions} (shapes, downloads) do not apply.
 *
 * <p><b>Train and validation.</b> {@link #split()} holds out the last 10 % of each novel by
 * position ({@link TextSplit#byPosition(List)} gives the exact rule), so no validation text is seen
 * in training; {@link #train} and {@link #validation} cut those parts into windows that do not
 * cross from one novel into the next. Build the vocabulary from the whole corpus ({@link
 * #vocabulary()}): the one "£" is in the validation part of Mansfield Park.
 *
 * <p>Provenance (Project Gutenberg's editions via the R package janeaustenr 1.0.0; the novels are
 * in the public domain) and the checksums are in {@code dev/nabla/datasets/austen/PROVENANCE.md}
 * beside the files.
 */
public final class Austen {
  /** The six novels, in order of publication: the order of {@link #texts()}. */
  public enum Novel {
    /** Sense and Sensibility (1811). */
    SENSE_AND_SENSIBILITY(
        "sensesensibility.txt",
        "Sense and Sensibility",
        1811,
        "105e1651fe93bed7130078578efd31e0c557d68667ba672ddc876f735b30fe09"),
    /** Pride and Prejudice (1813). */
    PRIDE_AND_PREJUDICE(
        "prideprejudice.txt",
        "Pride and Prejudice",
        1813,
        "dfc684d4f857fa938268f9ab9c5567b64bd0691251eca959644adeabe6287a4d"),
    /** Mansfield Park (1814). */
    MANSFIELD_PARK(
        "mansfieldpark.txt",
        "Mansfield Park",
        1814,
        "98bc90519cdf4ef663ad7de2734bb529435ef24f7abbde6bb1a50898871dafe9"),
    /** Emma (1815). */
    EMMA(
        "emma.txt",
        "Emma",
        1815,
        "7c67b5985c6d0de1efaeb5d342d52cb82c38083c40e2295129e30e87ee690ebe"),
    /** Northanger Abbey (1817). */
    NORTHANGER_ABBEY(
        "northangerabbey.txt",
        "Northanger Abbey",
        1817,
        "51f91bbe0517db8e65cff009b097ce0a1836124c4e0532ac19e6c0cad982abed"),
    /** Persuasion (1817). */
    PERSUASION(
        "persuasion.txt",
        "Persuasion",
        1817,
        "8061549557aebd2fd6e353d18d9197cb707029112bd52d4d8b174583a925848a");

    private final String file;
    private final String title;
    private final int year;
    private final String sha256;

    Novel(String file, String title, int year, String sha256) {
      this.file = file;
      this.title = title;
      this.year = year;
      this.sha256 = sha256;
    }

    /** The file name in a data directory, e.g. {@code emma.txt} (embedded: {@code emma.txt.gz}). */
    public String file() {
      return file;
    }

    /** The title, e.g. {@code Pride and Prejudice}. */
    public String title() {
      return title;
    }

    /** The year of first publication. */
    public int year() {
      return year;
    }

    /** The sha256 of the file's UTF-8 bytes, lower-case hex. */
    public String sha256() {
      return sha256;
    }
  }

  /** The name of the data directory's subdirectory (and of the dataset in log records). */
  static final String NAME = "austen";

  /** The classpath directory of the embedded copy. */
  static final String EMBEDDED_DIR = "dev/nabla/datasets/austen";

  /** Opens a classpath resource, or returns null if there is none. */
  @FunctionalInterface
  interface Resources {
    InputStream open(String path) throws IOException;
  }

  private final List<String> texts;
  private final Origin origin;
  private final String source;

  private Austen(List<String> texts, Origin origin, String source) {
    this.texts = Collections.unmodifiableList(new ArrayList<>(texts));
    this.origin = origin;
    this.source = source;
  }

  /** The six novels with default options: the embedded copy. */
  public static Austen load() throws IOException {
    return load(LoadOptions.defaults());
  }

  /**
   * The six novels, from the data dir if one is named, else from the embedded copy.
   *
   * @throws IOException when the data dir lacks a file (the message names the directory and the
   *     files), a text's sha256 does not match (the message names the file), or the embedded copy
   *     is turned off and no data dir is named
   */
  public static Austen load(LoadOptions options) throws IOException {
    if (options == null) {
      throw new IllegalArgumentException("Austen.load: expected LoadOptions, got null");
    }
    Austen a;
    if (options.dataDir() != null) {
      a = fromDir(options.dataDir());
    } else if (options.embedded()) {
      a = fromResources(path -> Austen.class.getResourceAsStream("/" + path));
    } else {
      throw new IOException(
          "Jane Austen's novels: no data dir is named and the embedded copy is turned off"
              + " (LoadOptions.embedded(false)); name a directory holding "
              + fileList()
              + " with LoadOptions.dataDir(...), or allow the embedded copy");
    }
    Locator.announce(NAME, "Jane Austen's novels", a.origin, a.source, "", options);
    return a;
  }

  /** The embedded copy, read through {@code resources} (a test swaps in a corrupted one). */
  static Austen fromResources(Resources resources) throws IOException {
    List<String> texts = new ArrayList<>();
    for (Novel novel : Novel.values()) {
      String path = EMBEDDED_DIR + "/" + novel.file() + ".gz";
      String name = "embedded:" + path;
      try (InputStream in = resources.open(path)) {
        if (in == null) {
          throw new IOException(name + ": resource missing from nabla-datasets");
        }
        texts.add(VerifiedText.read(in, true, name, novel.sha256()));
      }
    }
    return new Austen(texts, Origin.EMBEDDED, "embedded:" + EMBEDDED_DIR);
  }

  private static Austen fromDir(Path dir) throws IOException {
    Path sub = dir.resolve(NAME);
    Path found = missing(dir).isEmpty() ? dir : missing(sub).isEmpty() ? sub : null;
    if (found == null) {
      String why;
      if (!Files.isDirectory(dir)) {
        why = Files.exists(dir) ? "it is not a directory" : "it does not exist";
      } else {
        why =
            "looked in "
                + dir
                + " and "
                + sub
                + ", missing "
                + String.join(", ", missing(dir))
                + " in "
                + dir;
      }
      throw new IOException(
          "Jane Austen's novels not found in the data dir "
              + dir
              + " (LoadOptions.dataDir): "
              + why
              + ". It must hold the six UTF-8 files "
              + fileList()
              + ", or drop the data dir to use the copy embedded in nabla-datasets.");
    }
    List<String> texts = new ArrayList<>();
    for (Novel novel : Novel.values()) {
      Path file = found.resolve(novel.file());
      try (InputStream in = Files.newInputStream(file)) {
        texts.add(VerifiedText.read(in, false, file.toString(), novel.sha256()));
      }
    }
    return new Austen(texts, Origin.DATA_DIR, found.toString());
  }

  /** The files of the six novels that {@code dir} lacks. */
  private static List<String> missing(Path dir) {
    return Arrays.stream(Novel.values())
        .map(Novel::file)
        .filter(f -> !Files.isRegularFile(dir.resolve(f)))
        .toList();
  }

  private static String fileList() {
    return Arrays.stream(Novel.values()).map(Novel::file).collect(Collectors.joining(", "));
  }

  /** The six texts, in the order of {@link Novel} (immutable). */
  public List<String> texts() {
    return texts;
  }

  /** The text of one novel. */
  public String text(Novel novel) {
    if (novel == null) {
      throw new IllegalArgumentException("Austen.text: expected a Novel, got null");
    }
    return texts.get(novel.ordinal());
  }

  /** The six texts one after another, in the order of {@link Novel}: the whole corpus. */
  public String text() {
    return String.join("", texts);
  }

  /** The distinct characters of all six novels (81). */
  public CharVocabulary vocabulary() {
    return CharVocabulary.of(texts);
  }

  /** The last 10 % of each novel for validation, the rest for training ({@link TextSplit}). */
  public TextSplit split() {
    return TextSplit.byPosition(texts);
  }

  /**
   * Non-overlapping windows of {@code blockSize} characters of the training part (the first 90 %)
   * of each novel, encoded with {@code vocab}.
   */
  public TextDataset train(CharVocabulary vocab, int blockSize) {
    return train(vocab, blockSize, blockSize);
  }

  /** Windows every {@code stride} characters of the training part of each novel. */
  public TextDataset train(CharVocabulary vocab, int blockSize, int stride) {
    return windows(split().train(), vocab, blockSize, stride);
  }

  /**
   * Non-overlapping windows of {@code blockSize} characters of the validation part (the last 10 %)
   * of each novel, encoded with {@code vocab}.
   */
  public TextDataset validation(CharVocabulary vocab, int blockSize) {
    return validation(vocab, blockSize, blockSize);
  }

  /** Windows every {@code stride} characters of the validation part of each novel. */
  public TextDataset validation(CharVocabulary vocab, int blockSize, int stride) {
    return windows(split().validation(), vocab, blockSize, stride);
  }

  private static TextDataset windows(
      List<String> parts, CharVocabulary vocab, int blockSize, int stride) {
    if (vocab == null) {
      throw new IllegalArgumentException("Austen: expected a CharVocabulary, got null");
    }
    List<int[]> ids = new ArrayList<>(parts.size());
    for (String part : parts) {
      ids.add(vocab.encode(part));
    }
    return new TextDataset(ids, blockSize, stride);
  }

  /** Where the texts were read from: {@link Origin#DATA_DIR} or {@link Origin#EMBEDDED}. */
  public Origin origin() {
    return origin;
  }

  /** The directory the files were read from, or {@code embedded:dev/nabla/datasets/austen}. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    long chars = 0;
    for (String t : texts) {
      chars += t.length();
    }
    return "Austen[6 novels, " + chars + " chars, from " + source + "]";
  }
}
