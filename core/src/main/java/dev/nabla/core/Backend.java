package dev.nabla.core;

import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.parallel.Parallel;

/**
 * What nabla computes with in this JVM: the kernel implementation chosen at start-up and the size of
 * the kernel thread pool. Both are fixed for the life of the JVM.
 */
public final class Backend {
  private Backend() {}

  /**
   * {@code "vector"} when the Vector API kernels run (the JVM was started with
   * {@code --add-modules jdk.incubator.vector}), {@code "plain"} otherwise or with
   * {@code -Dnabla.kernels=plain}.
   */
  public static String kernels() {
    return Kernels.implementation();
  }

  /**
   * Threads the kernels may use: the number of cores, or {@code -Dnabla.threads} /
   * {@code NABLA_THREADS}; 1 means every kernel runs on the caller's thread.
   */
  public static int threads() {
    return Parallel.threads();
  }

  /** One line for logs, for instance {@code "nabla kernels=vector threads=2"}. */
  public static String describe() {
    return "nabla kernels=" + kernels() + " threads=" + threads();
  }
}
