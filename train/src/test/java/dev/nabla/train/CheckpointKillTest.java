package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.Tensor;
import dev.nabla.layers.Dense;
import dev.nabla.layers.Init;
import dev.nabla.layers.Module;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoint safety under faults: a child JVM saves checkpoint after checkpoint to one path and is
 * killed with SIGKILL ({@link Process#destroyForcibly}) at random points, {@value #KILLS} times.
 * After every kill the checkpoint loads whole, and holds one complete version: never a torn mix of
 * two, never one older than the last save the child reported finished. The temporary file a killed
 * save leaves behind disturbs neither the next save nor any load, and the next load removes it.
 */
class CheckpointKillTest {
  /** How many child JVMs are started and killed. */
  static final int KILLS = 40;

  /**
   * Size of the saved layer: 1024 x 1024 + 1024 floats, a 4 MB checkpoint, milliseconds to write.
   */
  static final int WIDTH = 1024;

  /**
   * The longest a child may take to report its first finished save (JVM start included): far more
   * than the second or so it needs, so only a stuck child fails the test on this.
   */
  static final long FIRST_SAVE_SECONDS = 60;

  @TempDir Path dir;

  /** The child: saves versions {@code start, start + 1, ...} to {@code args[0]} until killed. */
  public static final class Saver {
    public static void main(String[] args) throws IOException {
      Path file = Path.of(args[0]);
      int version = Integer.parseInt(args[1]);
      Module model = layer();
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      while (true) {
        for (Tensor p : model.parameters()) {
          Arrays.fill(p.floatStorage(), version);
          p.markModified();
        }
        out.println("saving " + version);
        Checkpoint.save(file, model, null, version, Map.of("version", Integer.toString(version)));
        out.println("saved " + version);
        version++;
      }
    }
  }

  private static Module layer() {
    return new Dense(WIDTH, WIDTH, Init.zeros(), 0L);
  }

  @Test
  void killedSavesAlwaysLeaveACheckpointThatLoadsWholeWithOneCompleteVersion() throws Exception {
    Path file = dir.resolve("model.safetensors");
    SplittableRandom random = new SplittableRandom(20_240_606L);
    int nextVersion = 1;
    int lastFinished = 0; // the newest version any child reported saved
    int killedMidSave = 0; // kills that left a temporary file: the save was under way
    List<Integer> loadedVersions = new ArrayList<>();

    for (int kill = 1; kill <= KILLS; kill++) {
      Path stderr = dir.resolve("child-" + kill + ".err");
      Child child = Child.start(file, nextVersion, stderr);
      try {
        if (!child.awaitFirstSave(FIRST_SAVE_SECONDS)) {
          child.kill();
          throw new AssertionError(
              "child "
                  + kill
                  + " reported no finished save within "
                  + FIRST_SAVE_SECONDS
                  + " s; its standard error:\n"
                  + Files.readString(stderr));
        }
        // A random point of the save cycle: waitFor returns early only if the child died by itself.
        long delayMicros = random.nextLong(0, 60_000);
        assertThat(child.process.waitFor(delayMicros, TimeUnit.MICROSECONDS))
            .as("child %d is still saving when killed", kill)
            .isFalse();
      } finally {
        child.kill();
      }
      lastFinished = Math.max(lastFinished, child.lastSaved.get());
      int started = child.lastStarted.get();
      nextVersion = started + 1;

      // a temporary file is a kill that hit a save after it created the file and before it renamed
      // it (the previous one was removed by the load after the previous kill)
      killedMidSave += temporaryFiles().size();
      int loaded = loadAndCheckWhole(file);
      assertThat(loaded)
          .as("version after kill %d", kill)
          .isGreaterThanOrEqualTo(lastFinished) // a reported save is never lost
          .isLessThanOrEqualTo(started); // and nothing but a version that was written
      loadedVersions.add(loaded);
      assertThat(temporaryFiles())
          .as("temporary files of the dead child after the load following kill %d", kill)
          .isEmpty();
    }

    // The leftovers of killed saves do not stop this process from saving and loading either.
    Module model = layer();
    for (Tensor p : model.parameters()) {
      Arrays.fill(p.floatStorage(), nextVersion);
    }
    Checkpoint.save(
        file, model, null, nextVersion, Map.of("version", Integer.toString(nextVersion)));
    assertThat(loadAndCheckWhole(file)).isEqualTo(nextVersion);

    System.out.printf(
        "CheckpointKillTest: %d kills survived (%d mid-save, leaving a temporary file; "
            + "%d versions started, %d distinct versions found after the kills)%n",
        KILLS, killedMidSave, nextVersion - 1, loadedVersions.stream().distinct().count());
    // about half the kills land between a save's temporary file and its rename (18 to 25 of 40
    // here); a handful is enough to show the kills do hit saves under way
    assertThat(killedMidSave)
        .as("kills that hit a save under way")
        .isGreaterThanOrEqualTo(KILLS / 8);
    assertThat(loadedVersions).as("the checkpoint moved on between kills").doesNotHaveDuplicates();
  }

  /**
   * Loads the checkpoint into a fresh layer and checks it is one complete version: the epoch, the
   * metadata and every element of every tensor say the same number. Returns it.
   */
  private static int loadAndCheckWhole(Path file) throws IOException {
    Module fresh = layer();
    Checkpoint.Info info = Checkpoint.load(file, fresh, null);
    int version = info.epoch();
    assertThat(info.metadata()).containsEntry("version", Integer.toString(version));
    for (Map.Entry<String, Tensor> e : fresh.namedParameters().entrySet()) {
      float[] values = e.getValue().floatStorage();
      for (int i = 0; i < values.length; i++) {
        if (values[i] != version) {
          throw new AssertionError(
              "checkpoint of version "
                  + version
                  + " is torn: "
                  + e.getKey()
                  + "["
                  + i
                  + "] = "
                  + values[i]);
        }
      }
    }
    return version;
  }

  private List<Path> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  /** A running {@link Saver} and what it reported on its standard output. */
  private record Child(
      Process process, AtomicInteger lastStarted, AtomicInteger lastSaved, Thread reader) {
    /**
     * Starts a child; its standard error (the JVM's warnings, a stack trace) goes to {@code
     * stderr}.
     */
    static Child start(Path file, int firstVersion, Path stderr) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command =
          new ArrayList<>(
              List.of(
                  java,
                  // a short-lived process: the quick compiler and a small heap start fastest
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Xmx256m"));
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
        command.add("--add-modules=jdk.incubator.vector"); // nabla's kernels may use it
      }
      // Surefire runs this module on the module path: the child gets every jar on its class path.
      String classPath =
          Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
              .filter(p -> p != null && !p.isBlank())
              .collect(Collectors.joining(File.pathSeparator));
      command.addAll(
          List.of(
              "-cp",
              classPath,
              Saver.class.getName(),
              file.toString(),
              Integer.toString(firstVersion)));
      Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      AtomicInteger started = new AtomicInteger(firstVersion - 1);
      AtomicInteger saved = new AtomicInteger(0);
      Thread reader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8))) {
                      for (String line; (line = in.readLine()) != null; ) {
                        if (!line.matches("(saving|saved) \\d+")) {
                          continue; // a line cut short by the kill
                        }
                        int v = Integer.parseInt(line.substring(line.indexOf(' ') + 1));
                        if (line.startsWith("saving ")) {
                          started.accumulateAndGet(v, Math::max);
                        } else {
                          synchronized (saved) {
                            saved.set(v);
                            saved.notifyAll();
                          }
                        }
                      }
                    } catch (IOException e) {
                      // the pipe closes when the child is killed
                    }
                  });
      return new Child(process, started, saved, reader);
    }

    /** Waits until the child reported a finished save; false if it did not within the time. */
    boolean awaitFirstSave(long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      synchronized (lastSaved) {
        while (lastSaved.get() == 0 && process.isAlive()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          lastSaved.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return lastSaved.get() > 0;
      }
    }

    /** SIGKILL, then waits for the process and for the last line it wrote before dying. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
      reader.join();
    }
  }
}
