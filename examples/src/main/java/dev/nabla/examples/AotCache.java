package dev.nabla.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The launcher's AOT cache (JDK 25, JEP 483/514/515: classes loaded and linked, and method
 * profiles, from an earlier run): {@code ./nabla} passes {@code -XX:AOTCache=FILE
 * -Dnabla.aot.cache=FILE} with its own JVM messages silenced. When the JVM refused the file (a
 * changed JDK or jar the launcher's key missed, a damaged file) it runs on without it: this says so
 * in one stderr line and deletes the file, so that the next run records a new one.
 */
final class AotCache {
  private AotCache() {}

  static void checkUsed() {
    String file = System.getProperty("nabla.aot.cache");
    if (file == null || file.isEmpty()) {
      return;
    }
    // The VM reports "sharing" when its class archive (the AOT cache here) is mapped.
    if (System.getProperty("java.vm.info", "").contains("sharing")) {
      return;
    }
    String deleted;
    try {
      deleted =
          Files.deleteIfExists(Path.of(file)) ? "; deleted it, the next run makes a new one" : "";
    } catch (IOException | RuntimeException e) {
      deleted = "; could not delete it (" + e.getMessage() + ")";
    }
    System.err.println(
        "nabla: the JVM could not use the AOT cache "
            + file
            + ", running without it (slower start-up)"
            + deleted);
  }
}
