package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.Tensor;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Init;
import dev.nabla.layers.Module;
import dev.nabla.layers.Sequential;
import dev.nabla.layers.Tanh;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.optim.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  private static final Tensor X = Tensor.randn(11L, 6, 2);
  private static final Tensor Y = Tensor.of(new int[] {0, 1, 2, 0, 1, 2}, 6);

  private static Module net(int hidden, long seed) {
    return new Sequential(
        new Dense(2, hidden, Init.uniform(-1, 1), seed),
        new Tanh(),
        new Dense(hidden, 3, Init.uniform(-1, 1), seed + 1));
  }

  /** One training step on the fixed batch. */
  private static void step(Module model, Optimizer opt) {
    opt.zeroGrad();
    new CrossEntropyLoss().apply(model.apply(X), Y).backward();
    opt.step();
  }

  @Test
  void roundTripGivesIdenticalPredictionsAndAnIdenticalNextStep() throws IOException {
    Module model = net(4, 1L);
    Adam adam = new Adam(model.namedParameters(), 0.05);
    for (int i = 0; i < 3; i++) {
      step(model, adam);
    }
    Path file = dir.resolve("m.safetensors");
    Checkpoint.save(file, model, adam, 3, Map.of("seed", "1", "note", "three steps"));

    Module fresh = net(4, 77L);
    Adam freshAdam = new Adam(fresh.namedParameters(), 0.05);
    Checkpoint.Info info = Checkpoint.load(file, fresh, freshAdam);

    assertThat(info.epoch()).isEqualTo(3);
    assertThat(info.metadata()).isEqualTo(Map.of("seed", "1", "note", "three steps"));
    assertThat(info.optimizerRestored()).isTrue();
    assertThat(Metrics.predict(fresh, X).toFloatArray())
        .containsExactly(Metrics.predict(model, X).toFloatArray());
    step(model, adam);
    step(fresh, freshAdam);
    assertThat(freshAdam.stepCount()).isEqualTo(adam.stepCount()).isEqualTo(4);
    for (var e : model.stateDict().entrySet()) {
      assertThat(fresh.stateDict().get(e.getKey()).toFloatArray())
          .as(e.getKey())
          .containsExactly(e.getValue().toFloatArray());
    }
  }

  @Test
  void fileUsesModelAndOptimizerPrefixesAndMetadata() throws IOException {
    Module model = net(4, 1L);
    SGD sgd = new SGD(model.namedParameters(), 0.1, 0.9);
    Path file = dir.resolve("m.safetensors");
    Checkpoint.save(file, model, sgd, 7, Map.of("run", "a"));
    Safetensors.Contents c = Safetensors.load(file);
    assertThat(c.tensors().keySet())
        .contains(
            "model.0.weight",
            "model.0.bias",
            "model.2.weight",
            "model.2.bias",
            "optimizer.lr",
            "optimizer.step",
            "optimizer.0.weight.momentum_buffer");
    assertThat(c.metadata())
        .containsEntry("epoch", "7")
        .containsEntry("optimizer", "SGD")
        .containsEntry("run", "a");
  }

  @Test
  void modelOnlyCheckpointLoadsWithoutAnOptimizer() throws IOException {
    Module model = net(4, 1L);
    Path file = dir.resolve("weights.safetensors");
    Checkpoint.save(file, model, null, 0, Map.of());
    Module fresh = net(4, 5L);
    Checkpoint.Info info = Checkpoint.load(file, fresh, null);
    assertThat(info.optimizerRestored()).isFalse();
    assertThat(Metrics.predict(fresh, X).toFloatArray())
        .containsExactly(Metrics.predict(model, X).toFloatArray());
    assertThat(Safetensors.load(file).tensors().keySet()).allMatch(k -> k.startsWith("model."));
  }

  @Test
  void theShortOverloadsSaveAndLoadTheWeightsAloneAsEpochZero() throws IOException {
    Module model = net(4, 1L);
    Path file = dir.resolve("weights.safetensors");
    Checkpoint.save(file, model);
    Module fresh = net(4, 5L);
    Checkpoint.Info info = Checkpoint.load(file, fresh);
    assertThat(info.epoch()).isZero();
    assertThat(info.metadata()).isEmpty();
    assertThat(info.optimizerRestored()).isFalse();
    assertThat(Metrics.predict(fresh, X).toFloatArray())
        .containsExactly(Metrics.predict(model, X).toFloatArray());
    assertThat(Safetensors.load(file).tensors().keySet()).allMatch(k -> k.startsWith("model."));

    model.stateDict().get("0.bias").floatStorage()[0] = Float.NaN;
    assertThatThrownBy(() -> Checkpoint.save(file, model))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'model.0.bias' holds NaN");
    Checkpoint.save(file, model, Checkpoint.SaveOption.ALLOW_NON_FINITE);
    Checkpoint.load(file, fresh, null);
    assertThat(fresh.stateDict().get("0.bias").toFloatArray()[0]).isNaN();
  }

  @Test
  void aMismatchedModelIsRefusedWithEveryMismatchAndTheFileNamed() throws IOException {
    Module saved = net(4, 1L);
    Path file = dir.resolve("small.safetensors");
    Checkpoint.save(file, saved, new Adam(saved.namedParameters()), 2, Map.of());

    // hidden 5 instead of 4, and one more layer
    Module other =
        new Sequential(
            new Dense(2, 5, Init.uniform(-1, 1), 3L),
            new Tanh(),
            new Dense(5, 3, Init.uniform(-1, 1), 4L),
            new Tanh(),
            new Dense(3, 1, Init.uniform(-1, 1), 5L));
    Adam otherAdam = new Adam(other.namedParameters());
    float[] before = other.stateDict().get("0.weight").toFloatArray();

    assertThatThrownBy(() -> Checkpoint.load(file, other, otherAdam))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("nothing was loaded")
        .hasMessageContaining("'0.weight' has shape [2, 4], expected [2, 5]")
        .hasMessageContaining("'0.bias' has shape [4], expected [5]")
        .hasMessageContaining("'2.weight' has shape [4, 3], expected [5, 3]")
        .hasMessageContaining("missing key '4.weight' (FLOAT32 [3, 1])")
        .hasMessageContaining("missing key '4.bias' (FLOAT32 [1])")
        .hasMessageContaining("optimizer: Adam.loadStateDict")
        .hasMessageContaining("missing key '4.weight.exp_avg'")
        .hasMessageContaining("'0.weight.exp_avg' is FLOAT32 [2, 4], expected FLOAT32 [2, 5]");
    assertThat(other.stateDict().get("0.weight").toFloatArray()).containsExactly(before);
  }

  @Test
  void aModelThatFitsIsRolledBackWhenTheOptimizerDoesNot() throws IOException {
    Module saved = net(4, 1L);
    Path file = dir.resolve("m.safetensors");
    Checkpoint.save(file, saved, new SGD(saved.namedParameters(), 0.1), 1, Map.of());
    Module target = net(4, 9L);
    float[] before = target.stateDict().get("2.weight").toFloatArray();

    assertThatThrownBy(() -> Checkpoint.load(file, target, new Adam(target.namedParameters())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + " does not fit")
        .hasMessageContaining("the optimizer state is SGD's, not Adam's");
    assertThat(target.stateDict().get("2.weight").toFloatArray()).containsExactly(before);

    Path weightsOnly = dir.resolve("w.safetensors");
    Checkpoint.save(weightsOnly, saved, null, 1, Map.of());
    assertThatThrownBy(() -> Checkpoint.load(weightsOnly, target, new SGD(target.parameters(), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the file holds no optimizer state");
    assertThat(target.stateDict().get("2.weight").toFloatArray()).containsExactly(before);
  }

  @Test
  void tensorsOutsideModelAndOptimizerAreReported() throws IOException {
    Module model = net(4, 1L);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    model.stateDict().forEach((n, t) -> tensors.put("model." + n, t));
    tensors.put("payload", Tensor.zeros(1));
    Path file = dir.resolve("odd.safetensors");
    Safetensors.save(file, tensors);
    assertThatThrownBy(() -> Checkpoint.load(file, net(4, 2L), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unexpected tensor 'payload' (neither 'model.' nor 'optimizer.')");
  }

  /**
   * Written by Safetensors.save, without Checkpoint's metadata (the CheckpointIntegrityTest has
   * files without any).
   */
  @Test
  void aFileWithoutNablaMetadataLoadsAsEpochZero() throws IOException {
    Module model = net(4, 1L);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    model.stateDict().forEach((n, t) -> tensors.put("model." + n, t));
    Path file = dir.resolve("foreign.safetensors");
    Safetensors.save(file, tensors);
    assertThat(Checkpoint.load(file, net(4, 2L), null).epoch()).isZero();

    Safetensors.save(file, tensors, Map.of("epoch", "-3"));
    assertThatThrownBy(() -> Checkpoint.load(file, net(4, 2L), null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            file + ": __metadata__ 'epoch' is '-3', expected a whole number >= 0");
  }

  /** Safetensors.save (which Checkpoint.save uses) fails after writing the first tensor. */
  @Test
  void aSaveInterruptedHalfWayLeavesTheOldFileReadable() throws IOException {
    Module model = net(4, 1L);
    Path file = dir.resolve("m.safetensors");
    Checkpoint.save(file, model, null, 1, Map.of());
    Map<String, Tensor> failing =
        new FailingMap(Map.of("model.0.weight", Tensor.ones(2, 4), "model.0.bias", Tensor.ones(4)));

    assertThatThrownBy(() -> Safetensors.save(file, failing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk unplugged");

    Module fresh = net(4, 5L);
    assertThat(Checkpoint.load(file, fresh, null).epoch()).isEqualTo(1);
    assertThat(Metrics.predict(fresh, X).toFloatArray())
        .containsExactly(Metrics.predict(model, X).toFloatArray());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m.safetensors");
    }
  }

  /** A process killed during a save leaves a truncated temporary file beside the checkpoint. */
  @Test
  void aTruncatedTemporaryFileFromAKilledSaveDoesNotDisturbTheCheckpoint() throws IOException {
    Module model = net(4, 1L);
    Path file = dir.resolve("m.safetensors");
    Checkpoint.save(file, model, null, 1, Map.of());
    Path other = dir.resolve("other.safetensors");
    Checkpoint.save(other, net(4, 2L), null, 2, Map.of());
    byte[] full = Files.readAllBytes(other);
    Path stray = dir.resolve(".m.safetensors.123456.tmp");
    Files.write(stray, java.util.Arrays.copyOf(full, full.length / 2));

    Module fresh = net(4, 5L);
    assertThat(Checkpoint.load(file, fresh, null).epoch()).isEqualTo(1);
    assertThat(Metrics.predict(fresh, X).toFloatArray())
        .containsExactly(Metrics.predict(model, X).toFloatArray());
    assertThatThrownBy(() -> Checkpoint.load(stray, fresh, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a valid safetensors file");

    Checkpoint.save(file, model, null, 4, Map.of()); // the next save still replaces the file
    assertThat(Checkpoint.load(file, fresh, null).epoch()).isEqualTo(4);
  }

  /**
   * Temporary files beside the checkpoint, named as a save names them: of a process that has
   * exited, of this live one, of this one's id but older than this process (a dead writer whose id
   * was reused) and of a dead writer of another file.
   */
  @Test
  void theNextSaveOrLoadRemovesTheTemporariesOfDeadWritersOnly() throws Exception {
    Path file = dir.resolve("m.safetensors");
    Checkpoint.save(file, net(4, 1L));
    long dead = exitedProcessId();
    long self = ProcessHandle.current().pid();
    String here = dev.nabla.train.internal.AtomicFiles.MACHINE + "-";
    String elsewhere = (here.startsWith("0") ? "1" : "0") + here.substring(1);
    Path ofDead =
        Files.write(dir.resolve(".m.safetensors." + here + dead + ".k3x9.tmp"), new byte[64]);
    Path ofLive =
        Files.write(dir.resolve(".m.safetensors." + here + self + ".k3x9.tmp"), new byte[64]);
    Path ofReusedId =
        Files.write(dir.resolve(".m.safetensors." + here + self + ".z0.tmp"), new byte[64]);
    Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
    Files.setLastModifiedTime(ofReusedId, FileTime.from(started.minus(Duration.ofHours(1))));
    Path ofOtherFile =
        Files.write(dir.resolve(".n.safetensors." + here + dead + ".k3x9.tmp"), new byte[64]);
    // Another machine's (or container's) writer: its process id means nothing here.
    Path ofOtherMachine =
        Files.write(dir.resolve(".m.safetensors." + elsewhere + dead + ".k3x9.tmp"), new byte[64]);

    Checkpoint.load(file, net(4, 2L), null);
    assertThat(ofDead).doesNotExist();
    assertThat(ofReusedId).doesNotExist();
    assertThat(ofLive).exists();
    assertThat(ofOtherFile).exists();
    assertThat(ofOtherMachine).exists();

    Files.write(ofDead, new byte[64]);
    Checkpoint.save(file, net(4, 1L));
    assertThat(ofDead).doesNotExist();
    assertThat(ofLive).exists();
    assertThat(ofOtherFile).exists();
  }

  /** The id of a process that has surely exited: a short-lived child, waited for. */
  private static long exitedProcessId() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor()).isZero();
    Assumptions.assumeTrue(
        ProcessHandle.of(p.pid()).isEmpty(), "the exited child's id was reused at once");
    return p.pid();
  }

  @Test
  void savedFilesGetTheUsualPermissionsNotOwnerOnly() throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path plain = Files.createFile(dir.resolve("plain"));
    Path file = dir.resolve("m.safetensors");
    Checkpoint.save(file, net(4, 1L), null, 1, Map.of());
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(plain));
  }

  @Test
  void rejectsBadArguments() {
    Module model = net(4, 1L);
    Path file = dir.resolve("m.safetensors");
    assertThatThrownBy(() -> Checkpoint.save(file, model, null, -1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Checkpoint.save: epoch must be >= 0, got -1");
    assertThatThrownBy(() -> Checkpoint.save(file, model, null, 1, Map.of("epoch", "9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Checkpoint.save: metadata key 'epoch' is reserved");
    assertThatThrownBy(() -> Checkpoint.save(file, null, null, 1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Checkpoint.save: file, model and metadata must not be null");
    assertThatThrownBy(() -> Checkpoint.load(file, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Checkpoint.load: file and model must not be null");
    assertThatThrownBy(() -> Checkpoint.load(dir.resolve("missing.safetensors"), model, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing.safetensors");
  }

  @Test
  void nullMetadataKeysAndValuesAreRefusedWithTheirOwnMessage() {
    Module model = net(4, 1L);
    Path file = dir.resolve("m.safetensors");
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    assertThatThrownBy(() -> Checkpoint.save(file, model, null, 1, nullKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Checkpoint.save: metadata keys must not be null, got a null key with value 'x'");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("seed", null);
    assertThatThrownBy(() -> Checkpoint.save(file, model, null, 1, nullValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Checkpoint.save: metadata values must not be null, got null for key 'seed'");
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void nonFiniteValuesAreRefusedNamingTheTensorAndTheFirstBadValueUnlessAllowed()
      throws IOException {
    Module model = net(4, 1L);
    float[] bias = model.stateDict().get("2.bias").floatStorage();
    bias[1] = Float.NEGATIVE_INFINITY;
    bias[2] = Float.NaN;
    Path file = dir.resolve("m.safetensors");
    assertThatThrownBy(() -> Checkpoint.save(file, model, null, 1, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Checkpoint.save: refusing to save "
                + file
                + ": 'model.2.bias' holds -Inf at "
                + "flat index 1 (pass Checkpoint.SaveOption.ALLOW_NON_FINITE to save non-finite values)");
    assertThat(Files.exists(file)).isFalse();

    Checkpoint.save(file, model, null, 1, Map.of(), Checkpoint.SaveOption.ALLOW_NON_FINITE);
    Module fresh = net(4, 5L);
    Checkpoint.load(file, fresh, null);
    assertThat(fresh.stateDict().get("2.bias").toFloatArray()).containsExactly(bias);
    assertThatThrownBy(
            () -> Checkpoint.save(file, model, null, 1, Map.of(), (Checkpoint.SaveOption) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Checkpoint.save: options must not be null, got [null]");
  }

  /** A map whose entries are fine for the header but whose second value fails while written. */
  private static final class FailingMap extends AbstractMap<String, Tensor> {
    private final Map<String, Tensor> inner;

    FailingMap(Map<String, Tensor> inner) {
      this.inner = new LinkedHashMap<>(inner);
    }

    @Override
    public Set<Entry<String, Tensor>> entrySet() {
      return inner.entrySet();
    }

    @Override
    public java.util.Collection<Tensor> values() {
      return new AbstractCollection<>() {
        @Override
        public Iterator<Tensor> iterator() {
          Iterator<Tensor> it = inner.values().iterator();
          return new Iterator<>() {
            private int served;

            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Tensor next() {
              if (served++ == 1) {
                throw new IllegalStateException("disk unplugged");
              }
              return it.next();
            }
          };
        }

        @Override
        public int size() {
          return inner.size();
        }
      };
    }
  }
}
