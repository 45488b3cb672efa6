package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nabla.core.DType;
import dev.nabla.datasets.Austen.Novel;
import dev.nabla.datasets.internal.VerifiedText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jane Austen's six novels shipped as resources: checksums, the corpus figures, the split. */
class AustenTest {
  private static Austen austen;

  @TempDir Path tmp;

  @BeforeAll
  static void load() throws IOException {
    austen = Austen.load(LoadOptions.defaults().quiet(true));
  }

  @Test
  void theEmbeddedCopyHoldsTheSixNovelsInOrderOfPublication() {
    assertThat(austen.origin()).isEqualTo(Origin.EMBEDDED);
    assertThat(austen.source()).isEqualTo("embedded:dev/nabla/datasets/austen");
    assertThat(austen.texts()).hasSize(6);
    assertThat(austen.text(Novel.EMMA)).startsWith("EMMA\n\nBy Jane Austen\n");
    assertThat(austen.text(Novel.EMMA)).endsWith("FINIS\n");
    assertThat(austen.text(Novel.PERSUASION)).endsWith("Finis\n");
    assertThat(Novel.values())
        .extracting(Novel::year)
        .containsExactly(1811, 1813, 1814, 1815, 1817, 1817);
    // the byte counts of the shared README; one "£" is two UTF-8 bytes
    long[] bytes = {673_688, 684_768, 883_280, 883_028, 433_411, 466_854};
    long total = 0;
    for (Novel n : Novel.values()) {
      byte[] utf8 = austen.text(n).getBytes(StandardCharsets.UTF_8);
      assertThat(utf8.length).as(n.title()).isEqualTo(bytes[n.ordinal()]);
      assertThat(VerifiedText.sha256(utf8)).as(n.title()).isEqualTo(n.sha256());
      total += utf8.length;
    }
    assertThat(total).isEqualTo(4_025_029);
    assertThat(austen.text()).hasSize(4_025_028);
    assertThat(austen.texts()).isUnmodifiable();
  }

  @Test
  void theNovelsChecksumsAreTheOnesInProvenanceMd() throws IOException {
    String provenance;
    try (InputStream in =
        Austen.class.getResourceAsStream("/dev/nabla/datasets/austen/PROVENANCE.md")) {
      assertThat(in).isNotNull();
      provenance = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Novel n : Novel.values()) {
      assertThat(provenance)
          .contains("| " + n.file() + ".gz | " + n.title() + " (" + n.year() + ")");
      assertThat(provenance).contains(n.sha256());
    }
    assertThat(provenance).contains("public domain").contains("`janeaustenr` 1.0.0");
  }

  @Test
  void theCorpusHas81CharactersAndAUnigramEntropyOf309NatsPerCharacter() {
    CharVocabulary vocab = austen.vocabulary();
    assertThat(vocab.size()).isEqualTo(81);
    assertThat(vocab.contains('£')).isTrue();
    String corpus = austen.text();
    int[] ids = vocab.encode(corpus);
    assertThat(ids).hasSize(corpus.length());
    assertThat(vocab.decode(ids)).isEqualTo(corpus);
    long[] counts = new long[vocab.size()];
    for (int id : ids) {
      counts[id]++;
    }
    double entropy = 0;
    for (long c : counts) {
      assertThat(c).isPositive();
      double p = (double) c / ids.length;
      entropy -= p * Math.log(p);
    }
    assertThat(entropy).isCloseTo(3.09, within(0.01));
    // exactly one pound sign, in Mansfield Park
    assertThat(counts[vocab.id('£')]).isEqualTo(1);
    assertThat(austen.text(Novel.MANSFIELD_PARK)).contains("her £20,000");
  }

  @Test
  void theSplitHoldsOutTheLastTenthOfEachNovel() {
    TextSplit split = austen.split();
    long train = 0;
    long validation = 0;
    for (Novel n : Novel.values()) {
      String text = austen.text(n);
      String t = split.train().get(n.ordinal());
      String v = split.validation().get(n.ordinal());
      assertThat(t + v).isEqualTo(text);
      assertThat(v.length()).isEqualTo(Math.round(text.length() * 0.1));
      train += t.length();
      validation += v.length();
    }
    assertThat((double) validation / (train + validation)).isCloseTo(0.1, within(1e-6));
    // the "£" is in the held-out part, so the training text alone has 80 characters
    assertThat(CharVocabulary.of(split.train()).size()).isEqualTo(80);
    assertThat(split.validation().get(Novel.MANSFIELD_PARK.ordinal())).contains("£");
  }

  @Test
  void trainAndValidationWindowsComeFromDisjointTextAndBatchToBT() {
    CharVocabulary vocab = austen.vocabulary();
    TextDataset train = austen.train(vocab, 128);
    TextDataset valid = austen.validation(vocab, 128);
    assertThat(train.segmentCount()).isEqualTo(6);
    assertThat(train.tokenCount() + valid.tokenCount()).isEqualTo(4_025_028);
    assertThat((double) valid.tokenCount() / 4_025_028).isCloseTo(0.1, within(1e-6));
    // every training window lies before its novel's cut, every validation window after it
    TextSplit split = austen.split();
    for (int i : new int[] {0, 1, train.size() / 2, train.size() - 1}) {
      int[] pos = train.position(i);
      String part = split.train().get(pos[0]);
      assertThat(pos[1] + 129).isLessThanOrEqualTo(part.length());
      assertThat(vocab.decode(train.get(i).input().intStorage()))
          .isEqualTo(part.substring(pos[1], pos[1] + 128));
    }
    int[] last = valid.position(valid.size() - 1);
    assertThat(last[0]).isEqualTo(5);
    var loader = DataLoader.builder(train).batchSize(32).shuffle(true).seed(3L).build();
    Example b = loader.iterator().next();
    assertThat(b.input().shape()).containsExactly(32, 128);
    assertThat(b.target().shape()).containsExactly(32, 128);
    assertThat(b.input().dtype()).isEqualTo(DType.INT32);
    int[] in = b.input().intStorage();
    int[] out = b.target().intStorage();
    for (int r = 0; r < 32; r++) {
      for (int t = 0; t + 1 < 128; t++) {
        assertThat(out[r * 128 + t]).isEqualTo(in[r * 128 + t + 1]);
      }
    }
  }

  @Test
  void aDataDirWithTheSixFilesIsReadAndVerified() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("austen"));
    writeAll(dir, Map.of());
    Austen fromDir = Austen.load(LoadOptions.defaults().dataDir(tmp).quiet(true));
    assertThat(fromDir.origin()).isEqualTo(Origin.DATA_DIR);
    assertThat(fromDir.source()).isEqualTo(dir.toString());
    assertThat(fromDir.texts()).isEqualTo(austen.texts());
  }

  @Test
  void aCorruptedFileInTheDataDirIsRejectedNamingIt() throws IOException {
    String emma = austen.text(Novel.EMMA);
    writeAll(tmp, Map.of(Novel.EMMA, emma.replace("Woodhouse", "Woodhoose")));
    assertThatThrownBy(() -> Austen.load(LoadOptions.defaults().dataDir(tmp).quiet(true)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(tmp.resolve("emma.txt").toString())
        .hasMessageContaining("sha256 mismatch: expected " + Novel.EMMA.sha256());
  }

  @Test
  void aCorruptedEmbeddedResourceIsRejectedNamingIt() throws IOException {
    Map<String, byte[]> jar = new HashMap<>();
    for (Novel n : Novel.values()) {
      String text = austen.text(n);
      if (n == Novel.PERSUASION) {
        text = text.substring(0, text.length() - 1); // the last newline lost
      }
      jar.put(Austen.EMBEDDED_DIR + "/" + n.file() + ".gz", gzip(text));
    }
    assertThatThrownBy(() -> Austen.fromResources(p -> stream(jar.get(p))))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "embedded:dev/nabla/datasets/austen/persuasion.txt.gz: sha256 mismatch")
        .hasMessageContaining("466853 bytes");
    jar.remove(Austen.EMBEDDED_DIR + "/emma.txt.gz");
    assertThatThrownBy(() -> Austen.fromResources(p -> stream(jar.get(p))))
        .hasMessage(
            "embedded:dev/nabla/datasets/austen/emma.txt.gz: resource missing from nabla-datasets");
    byte[] good = jar.get(Austen.EMBEDDED_DIR + "/sensesensibility.txt.gz");
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 10);
    jar.put(Austen.EMBEDDED_DIR + "/sensesensibility.txt.gz", cut);
    assertThatThrownBy(() -> Austen.fromResources(p -> stream(jar.get(p))))
        .hasMessageStartingWith(
            "embedded:dev/nabla/datasets/austen/sensesensibility.txt.gz: cannot read it");
  }

  @Test
  void aDataDirWithoutTheFilesFailsNamingTheDirAndTheMissingFiles() throws IOException {
    writeAll(tmp, Map.of());
    Files.delete(tmp.resolve("emma.txt"));
    assertThatThrownBy(() -> Austen.load(LoadOptions.defaults().dataDir(tmp)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not found in the data dir " + tmp)
        .hasMessageContaining("missing emma.txt in " + tmp)
        .hasMessageContaining("persuasion.txt");
    Path nowhere = tmp.resolve("nowhere");
    assertThatThrownBy(() -> Austen.load(LoadOptions.defaults().dataDir(nowhere)))
        .hasMessageContaining(nowhere + " (LoadOptions.dataDir): it does not exist");
    assertThatThrownBy(() -> Austen.load(LoadOptions.defaults().embedded(false)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the embedded copy is turned off");
  }

  private static InputStream stream(byte[] bytes) {
    return bytes == null ? null : new ByteArrayInputStream(bytes);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static void writeAll(Path dir, Map<Novel, String> replaced) throws IOException {
    for (Novel n : Novel.values()) {
      Files.writeString(dir.resolve(n.file()), replaced.getOrDefault(n, austen.text(n)));
    }
  }
}
