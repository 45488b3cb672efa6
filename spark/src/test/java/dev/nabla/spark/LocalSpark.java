package dev.nabla.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' shared local[2] session, started on first use (3-6 s) and after ClusterSpark's. */
final class LocalSpark {
  private LocalSpark() {}

  private static SparkSession session;

  static synchronized SparkSession get() {
    if (session != null && session.sparkContext().isStopped()) {
      session = null;
    }
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("nabla-spark-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "2")
              .getOrCreate();
      SparkSession started = session;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return session;
  }

  /** Stops the shared session, if one runs (a JVM holds one SparkContext at a time). */
  static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
