package dev.nabla.spark.internal;

import dev.nabla.spark.SparkEpoch;
import java.util.ArrayList;
import java.util.List;

/** The per-epoch history of a run, from the workers' per-epoch sums (see {@link WorkerLoop}). */
public final class Histories {
  private Histories() {}

  /** The history of an all-reduce run from its workers' reports, in rank order. */
  public static List<SparkEpoch> allReduce(List<WorkerReport> reports, WorkerConfig cfg) {
    List<SparkEpoch> out = new ArrayList<>();
    int epochs = reports.get(0).epochs().size();
    for (int e = 0; e < epochs; e++) {
      double[] g = reports.get(0).epochs().get(e);
      double compute = 0;
      double wait = 0;
      double transfer = 0;
      double wall = 0;
      for (WorkerReport r : reports) {
        double[] s = r.epochs().get(e);
        compute += s[3];
        wait += s[4];
        transfer += s[5];
        wall = Math.max(wall, s[6]);
      }
      int k = reports.size();
      out.add(
          epoch(e + 1, g, cfg, compute / k / 1e9, transfer / k / 1e9, wait / k / 1e9, wall / 1e9));
    }
    return out;
  }

  /** One epoch's entry from its sums and the time split (seconds). */
  static SparkEpoch epoch(
      int epoch,
      double[] sums,
      WorkerConfig cfg,
      double compute,
      double transfer,
      double wait,
      double wall) {
    double count = sums[2];
    boolean classIndex = cfg.classIndex();
    return new SparkEpoch(
        epoch,
        sums[0] / count,
        classIndex ? sums[1] / count : Double.NaN,
        (long) count,
        wall,
        wall > 0 ? count / wall : 0,
        compute,
        transfer,
        wait,
        (transfer + wait) * 1e3 / cfg.stepsPerEpoch());
  }
}
