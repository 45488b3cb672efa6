package dev.nabla.examples;

import static dev.nabla.examples.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.examples.CommandLineTest.Run;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data-dir} is the only place looked at when given; {@code --download} is accepted. */
class DataOptionsTest {
  @TempDir Path dir;

  /** A raw IDX file of unsigned bytes. */
  private static void idx(Path file, byte[] payload, int... dims) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
    b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, b.put(payload).array());
  }

  @Test
  void aDataDirWithoutTheFilesFailsNamingItInsteadOfTrainingOnOtherData() throws IOException {
    Path missing = dir.resolve("no-such-dir");
    Run r =
        run(
            "mnist-mlp",
            "--data-dir",
            missing.toString(),
            "--epochs",
            "1",
            "--progress",
            "off",
            "--out",
            dir.resolve("out").toString());
    assertThat(r.code()).as("a folder that does not exist is a bad option").isEqualTo(2);
    assertThat(r.err()).contains("--data-dir", missing.toString(), "does not exist");
    assertThat(r.out()).isEmpty();

    Path empty = Files.createDirectories(dir.resolve("empty"));
    r =
        run(
            "mnist-mlp",
            "--data-dir",
            empty.toString(),
            "--epochs",
            "1",
            "--progress",
            "off",
            "--out",
            dir.resolve("out").toString());
    assertThat(r.code()).as("exit code").isNotZero();
    assertThat(r.err())
        .contains(
            "MNIST train split not found in the data dir " + empty,
            "train-images-idx3-ubyte or train-images-idx3-ubyte.gz");
    assertThat(r.out()).doesNotContain("training on");
  }

  @Test
  void aDataDirWithTheFilesIsWhatTrains() throws IOException {
    Path data = dir.resolve("digits");
    for (String split : new String[] {"train", "t10k"}) {
      byte[] labels = new byte[20];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (byte) (i % 10);
      }
      idx(data.resolve(split + "-images-idx3-ubyte"), new byte[20 * 784], 20, 28, 28);
      idx(data.resolve(split + "-labels-idx1-ubyte"), labels, 20);
    }
    // --download fetches nothing here: the files are present
    Run r =
        run(
            "mnist-mlp",
            "--data-dir",
            data.toString(),
            "--download",
            "--epochs",
            "1",
            "--progress",
            "off",
            "--out",
            dir.resolve("out").toString());
    assertThat(r.code()).as("exit code; stderr:%n%s", r.err()).isZero();
    assertThat(r.out()).contains("training on 20 images (" + data + ")");
  }
}
