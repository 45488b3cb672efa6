package dev.nabla.core;

import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.parallel.Parallel;

/**
 * What nabla computes with in this JVM: the kernel implementation chosen at start-up and the size
 * of the kernel thread pool. Both are fixed for the life of the JVM.
 *
 * <h2>Reproducibility</h2>
 *
 * Every random tensor, initialiser, Dropout mask and DataLoader shuffle takes an explicit seed, and
 * no kernel depends on scheduling: the same program with the same seeds, the same kernels ({@link
 * #kernels()}), the same thread count ({@link #threads()}), the same JDK and the same kind of CPU
 * (the Vector API's vector width) gives bit-identical weights, run after run.
 *
 * <p>What the thread count changes. The kernels split work over the pool so that each output
 * element is still computed by one task, in the same order:
 *
 * <ul>
 *   <li>matrix products (Dense, {@link Tensor#matmul}) split the output by row strips or column
 *       panels and keep every element's summation order over the inner dimension;
 *   <li>elementwise ops split by index ranges; pooling by planes; a convolution's forward pass and
 *       input gradient by images; reductions and softmax do not split;
 * </ul>
 *
 * so a model built from those (an MLP, with or without Dropout and BatchNorm1d) trains to the same
 * bits with any thread count. The exception is the <em>weight gradient of a convolution</em>: when
 * a call is large enough to split (about 2<sup>21</sup> multiply-adds), its batch is divided into
 * one task per thread, each task sums the gradient of its images, and the partial sums are added in
 * task order. The result is deterministic for a given thread count, but another count groups the
 * sum differently and rounds differently in the last bits; training amplifies those differences, so
 * a CNN trained with 1, 2 and 4 threads ends with different (equally good) weights. Different
 * kernels ({@code -Dnabla.kernels=plain} versus the Vector API) also round differently.
 */
public final class Backend {
  private Backend() {}

  /**
   * {@code "vector"} when the Vector API kernels run (the JVM was started with {@code --add-modules
   * jdk.incubator.vector}), {@code "plain"} otherwise or with {@code -Dnabla.kernels=plain}.
   */
  public static String kernels() {
    return Kernels.implementation();
  }

  /**
   * Threads the kernels may use: the number of cores, or {@code -Dnabla.threads} / {@code
   * NABLA_THREADS}; 1 means every kernel runs on the caller's thread.
   */
  public static int threads() {
    return Parallel.threads();
  }

  /** One line for logs, for instance {@code "nabla kernels=vector threads=2"}. */
  public static String describe() {
    return "nabla kernels=" + kernels() + " threads=" + threads();
  }
}
