package dev.nabla.spark.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Collects the failure reasons of the training run's tasks (its job group: the run's id), so that
 * the error names the worker (the task's partition) and, from the worker's own message, the step.
 */
public final class TaskFailures extends SparkListener {
  private final List<String> reasons = Collections.synchronizedList(new ArrayList<>());
  private final String group;
  private final java.util.Set<Integer> stages = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Collects the failures of the jobs of job group {@code group} (the run's id). */
  public TaskFailures(String group) {
    this.group = group;
  }

  @Override
  public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
    java.util.Properties p = start.properties();
    if (p != null && group.equals(p.getProperty("spark.jobGroup.id"))) {
      for (Object id : scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())) {
        stages.add((Integer) id);
      }
    }
  }

  /** Forgets the failures seen so far (a new attempt). */
  public void clear() {
    reasons.clear();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    Object reason = end.reason();
    if (!stages.contains(end.stageId())) {
      return; // another job's task
    }
    if (reason instanceof org.apache.spark.TaskFailedReason f
        && !(reason instanceof org.apache.spark.TaskKilled)) {
      String text = f.toErrorString();
      reasons.add("worker " + end.taskInfo().index() + ": " + firstLine(text));
    }
  }

  /**
   * What failed, for the error: a worker's own message (it names the worker and the step) when one
   * arrived, else Spark's task failure reasons, else {@code e}'s message.
   */
  public String describe(org.apache.spark.SparkContext sc, Throwable e) {
    // the listener bus delivers task ends asynchronously: let it deliver the failed job's before
    // reading them (Spark's own tests wait the same way; the method is internal to Spark but public
    // in its bytecode)
    try {
      sc.listenerBus().waitUntilEmpty(2_000);
    } catch (java.util.concurrent.TimeoutException | RuntimeException ignored) {
      // a busy bus: describe what arrived
    }
    List<String> copy;
    synchronized (reasons) {
      copy = new ArrayList<>(reasons);
    }
    String root = rootMessage(e);
    // a message of our own (the collective's, a worker's) names the worker and the step:
    // prefer one that names a step, then any of ours, then Spark's reasons as they are
    String ours = null;
    for (String r : copy) {
      String body =
          r.substring(r.indexOf(": ") + 2).replaceFirst("^[\\w.$]+(Exception|Error): ", "");
      boolean own = body.startsWith("worker ") || body.startsWith("SparkTrainer worker");
      if (own && body.contains(" step ")) {
        ours = body;
        break;
      }
      if (own && ours == null) {
        ours = body;
      }
    }
    if (ours != null) {
      return copy.size() > 1 ? ours + " [every failure: " + String.join(" | ", copy) + "]" : ours;
    }
    return copy.isEmpty() ? root : String.join(" | ", copy);
  }

  /** The first of nabla's own messages in {@code e}'s text, or its first line. */
  public static String rootMessage(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    Matcher ours =
        Pattern.compile("SparkTrainer worker \\d+[^\\n]*|worker \\d+: [^\\n]*").matcher(m);
    if (ours.find()) {
      return ours.group();
    }
    return firstLine(m);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
