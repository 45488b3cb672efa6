package dev.nabla.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * A {@code local-cluster[2,1,1024]} session: a master and two workers in this JVM, each worker
 * running one executor JVM of its own, as a standalone cluster does. The executors are launched
 * from {@code SPARK_HOME/jars} (set by Surefire to target/spark-home), which this links to the jars
 * of the test class path; the class folders go on the executors' extra class path.
 */
final class ClusterSpark {
  private ClusterSpark() {}

  static SparkSession start() {
    LocalSpark.stop();
    String home = System.getenv("SPARK_HOME");
    if (home == null) {
      throw new IllegalStateException(
          "ClusterSpark: SPARK_HOME is not set (spark/pom.xml sets it)");
    }
    List<String> dirs = new ArrayList<>();
    try {
      Path jars = Path.of(home, "jars");
      Files.createDirectories(jars);
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path p = Path.of(entry).toAbsolutePath();
        if (Files.isDirectory(p)) {
          dirs.add(p.toString());
        } else if (p.toString().endsWith(".jar")) {
          Path link = jars.resolve(p.getFileName());
          if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SparkSession.builder()
        .master("local-cluster[2,1,1024]")
        .appName("nabla-spark-cluster-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executor.extraClassPath", String.join(File.pathSeparator, dirs))
        .config(
            "spark.executor.extraJavaOptions",
            "--add-modules=jdk.incubator.vector -Xss8m -XX:+UseParallelGC -Dnabla.threads=1"
                + " --sun-misc-unsafe-memory-access=allow")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  /** Stops the cluster's session, so that the next test class can start local[2]. */
  static void stop(SparkSession session) {
    session.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }
}
