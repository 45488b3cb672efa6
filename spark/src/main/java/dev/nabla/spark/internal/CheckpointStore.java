package dev.nabla.spark.internal;

import dev.nabla.layers.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * The run's checkpoints in a folder of any file system Hadoop reaches ({@code file:}, {@code
 * hdfs:}, ...): {@code step-000001200.safetensors}, nabla's checkpoint format with the run's id and
 * step in its metadata. A checkpoint is written to a temporary name and renamed (atomic on HDFS and
 * local disks), and only the newest two are kept.
 */
public final class CheckpointStore {
  static final String RUN = "spark_run";
  static final String STEP = "spark_step";
  static final String EPOCHS = "spark_epochs";
  static final String PARTIAL = "spark_partial";
  static final String SETTINGS = "spark_settings";
  private static final Pattern NAME = Pattern.compile("step-(\\d{9,})\\.safetensors");
  private static final int KEEP = 2;

  private final org.apache.hadoop.fs.Path dir;
  private final FileSystem fs;

  /** The store in {@code dir}, with the driver's Hadoop settings. */
  public CheckpointStore(String dir, Map<String, String> hadoopConf) throws IOException {
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    this.dir = new org.apache.hadoop.fs.Path(dir);
    this.fs = this.dir.getFileSystem(conf);
  }

  /** The store's folder as the user gave it. */
  public String dir() {
    return dir.toString();
  }

  /** A checkpoint found in the folder. */
  public record Found(long step, String runId, org.apache.hadoop.fs.Path path) {}

  /** Every checkpoint in the folder, newest (highest step) first; an absent folder has none. */
  public List<Found> list() throws IOException {
    List<Found> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus st : fs.listStatus(dir)) {
      Matcher m = NAME.matcher(st.getPath().getName());
      if (m.matches()) {
        out.add(new Found(Long.parseLong(m.group(1)), null, st.getPath()));
      }
    }
    out.sort((a, b) -> Long.compare(b.step(), a.step()));
    return out;
  }

  /** The step of the newest checkpoint of run {@code runId}, or -1. */
  public long latestStep(String runId) throws IOException {
    for (Found f : list()) {
      if (runId.equals(metadata(f.path()).get(RUN))) {
        return f.step();
      }
    }
    return -1;
  }

  /** The run id in the newest checkpoint of the folder, or null when it has none. */
  public String latestRun() throws IOException {
    List<Found> all = list();
    return all.isEmpty() ? null : metadata(all.get(0).path()).get(RUN);
  }

  /**
   * Checks that the newest checkpoint was written with {@code cfg}'s settings (workers, batch,
   * steps per epoch, epochs, seed, shuffling), so a resumed run numbers its steps as the first did.
   *
   * @throws IllegalArgumentException naming the checkpoint and both settings when they differ
   */
  public void requireSettings(WorkerConfig cfg) throws IOException {
    List<Found> all = list();
    if (all.isEmpty()) {
      return;
    }
    String saved = metadata(all.get(0).path()).get(SETTINGS);
    if (!cfg.settings().equals(saved)) {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: cannot resume from "
              + all.get(0).path()
              + ": it was written with "
              + saved
              + ", this run has "
              + cfg.settings());
    }
  }

  private Map<String, String> metadata(org.apache.hadoop.fs.Path p) throws IOException {
    Path local = fetch(p);
    try {
      return dev.nabla.train.Safetensors.load(local).metadata();
    } finally {
      Files.deleteIfExists(local);
    }
  }

  /** Writes the state after {@code stepsDone} steps, then removes all but the newest two. */
  public void save(
      long stepsDone,
      int epochsDone,
      WorkerConfig cfg,
      Module model,
      Optimizer optimizer,
      List<double[]> finishedEpochs,
      double[] partial)
      throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(RUN, cfg.runId());
    meta.put(SETTINGS, cfg.settings());
    meta.put(STEP, Long.toString(stepsDone));
    meta.put(EPOCHS, encode(finishedEpochs));
    meta.put(PARTIAL, encode(List.of(partial)));
    String name = String.format(Locale.ROOT, "step-%09d.safetensors", stepsDone);
    Path local = Files.createTempFile("nabla-spark-", ".safetensors");
    try {
      Checkpoint.save(local, model, optimizer, epochsDone, meta);
      fs.mkdirs(dir);
      org.apache.hadoop.fs.Path tmp =
          new org.apache.hadoop.fs.Path(dir, "." + name + "." + System.nanoTime() + ".tmp");
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), tmp);
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, name);
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        fs.delete(tmp, false);
        throw new IOException("SparkTrainer: could not rename " + tmp + " to " + target);
      }
    } finally {
      Files.deleteIfExists(local);
    }
    List<Found> all = list();
    for (int i = KEEP; i < all.size(); i++) {
      fs.delete(all.get(i).path(), false);
    }
  }

  /** What a loaded checkpoint carried besides the model and optimizer. */
  public record Restored(long step, List<double[]> finishedEpochs, double[] partial) {}

  /** Loads the checkpoint of {@code step} into {@code model} and {@code optimizer}. */
  public Restored load(long step, WorkerConfig cfg, Module model, Optimizer optimizer)
      throws IOException {
    String runId = cfg.runId();
    org.apache.hadoop.fs.Path p =
        new org.apache.hadoop.fs.Path(
            dir, String.format(Locale.ROOT, "step-%09d.safetensors", step));
    Path local = fetch(p);
    try {
      Checkpoint.Info info = Checkpoint.load(local, model, optimizer);
      Map<String, String> meta = info.metadata();
      if (!runId.equals(meta.get(RUN))) {
        throw new IOException(
            "SparkTrainer: checkpoint "
                + p
                + " belongs to run "
                + meta.get(RUN)
                + ", not "
                + runId);
      }
      List<double[]> partial = decode(meta.get(PARTIAL), p);
      return new Restored(
          Long.parseLong(meta.get(STEP)),
          decode(meta.get(EPOCHS), p),
          partial.isEmpty() ? new double[WorkerLoop.FIELDS] : partial.get(0));
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private Path fetch(org.apache.hadoop.fs.Path p) throws IOException {
    Path local = Files.createTempFile("nabla-spark-", ".safetensors");
    URI uri = p.toUri();
    try (InputStream in = fs.open(p)) {
      Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(local);
      throw new IOException("SparkTrainer: cannot read checkpoint " + uri + ": " + e, e);
    }
    return local;
  }

  static String encode(List<double[]> rows) {
    StringBuilder sb = new StringBuilder();
    for (double[] r : rows) {
      if (!sb.isEmpty()) {
        sb.append(';');
      }
      for (int i = 0; i < r.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(Double.toString(r[i]));
      }
    }
    return sb.toString();
  }

  static List<double[]> decode(String s, org.apache.hadoop.fs.Path p) throws IOException {
    List<double[]> out = new ArrayList<>();
    if (s == null) {
      throw new IOException("SparkTrainer: checkpoint " + p + " has no SparkTrainer metadata");
    }
    if (s.isEmpty()) {
      return out;
    }
    for (String row : s.split(";")) {
      String[] f = row.split(",");
      double[] r = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        r[i] = Double.parseDouble(f[i]);
      }
      out.add(r);
    }
    return out;
  }
}
