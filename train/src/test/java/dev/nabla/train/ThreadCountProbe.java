package dev.nabla.train;

import dev.nabla.core.Backend;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link ReproducibilityTest}: trains its model with this JVM's kernel thread
 * count and prints {@code fingerprint <sha-256 of the weights>}.
 */
public final class ThreadCountProbe {
  private ThreadCountProbe() {}

  /** {@code args[0]}: an empty cache directory (the digits come from the embedded copy). */
  public static void main(String[] args) throws Exception {
    String fingerprint =
        ReproducibilityTest.fingerprint(ReproducibilityTest.digits(Path.of(args[0])));
    System.out.println(Backend.describe());
    System.out.println("fingerprint " + fingerprint);
  }
}
