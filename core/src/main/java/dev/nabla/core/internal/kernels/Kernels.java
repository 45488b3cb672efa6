package dev.nabla.core.internal.kernels;

import java.lang.System.Logger.Level;

/**
 * Chooses the kernel implementations once, at start-up, the way Lucene chooses its vectorization
 * provider: the Vector API implementations when the {@code jdk.incubator.vector} module is present,
 * else the plain-Java ones (with one log line that says how to enable the fast path). The plain
 * ones are kept forever as the reference the fast ones are tested against. The system property
 * {@code nabla.kernels=plain} forces the plain kernels (for tests and for comparison).
 *
 * <p>The convention of the package:
 *
 * <ul>
 *   <li>an interface per family is named {@code *Kernels} ({@link ElementwiseKernels}, {@link
 *       ShapeKernels}, {@link LinalgKernels}); its implementations are {@code Plain*Kernels}, the
 *       reference, and {@code Vector*Kernels}, which extend the plain class and override only the
 *       methods they speed up;
 *   <li>the loops themselves are static methods of package-private {@code *Loops} classes, one per
 *       family and dtype: {@code Float*Loops} is written by hand and its FLOAT64 (and where it
 *       applies INT32) twin {@code Double*Loops}/{@code Int*Loops} is generated from it by the
 *       test-scope {@code TwinGenerator}, checked by {@code TwinGeneratorTest};
 *   <li>one dtype dispatch style everywhere: an interface method takes its arrays as {@code
 *       Object}, one method per operation (never one overload per dtype), and the implementation
 *       dispatches on the array type once, inside, to its typed {@code *Loops}, as PyTorch's
 *       kernels dispatch with {@code AT_DISPATCH}: a {@code Plain*Kernels} method switches on the
 *       array type and throws {@link #unsupported} (an {@link IllegalArgumentException} naming the
 *       kernel and the array type it got) for a type it has no loop for; a {@code Vector*Kernels}
 *       override takes its fast path on {@code instanceof float[]} and otherwise calls {@code
 *       super}. Adding a dtype adds a case to a switch, not a method to every interface. A GEMM's
 *       geometry travels as one {@link LinalgKernels.Gemm} record;
 *   <li>the thread policy is {@code Parallel.tasks} and {@code Parallel.split}; the Vector API lane
 *       helpers are in {@code Lanes}; the convolution strategy is chosen in {@code ConvStrategy}.
 * </ul>
 *
 * <p>The ops of {@code dev.nabla.core.internal.ops} reach their array loops through here, so a
 * faster implementation replaces a slower one without touching any op. Not reached through here,
 * and therefore plain Java under either choice: {@code dev.nabla.core.internal.InPlaceLoops}
 * (Tensor's in-place updates), {@code Backward.sum} (adding two gradients of one node), the
 * optimizers' {@code dev.nabla.optim.internal.FusedUpdates}, the losses' {@code
 * dev.nabla.losses.internal.ClassIndexKernels}, and the elementwise loop of {@code
 * dev.nabla.layers.internal.GeluOp}.
 */
public final class Kernels {
  private static final boolean VECTOR = chooseVector();
  private static final ElementwiseKernels ELEMENTWISE =
      VECTOR ? load("VectorElementwiseKernels") : new PlainElementwiseKernels();
  private static final ShapeKernels SHAPE =
      VECTOR ? load("VectorShapeKernels") : new PlainShapeKernels();
  private static final LinalgKernels LINALG =
      VECTOR ? load("VectorLinalgKernels") : new PlainLinalgKernels();

  private Kernels() {}

  /** Elementwise unary and binary (broadcasting) loops. */
  public static ElementwiseKernels elementwise() {
    return ELEMENTWISE;
  }

  /** Reductions, copies and data movement (reshape, permute, slice, concat, gather, broadcast). */
  public static ShapeKernels shape() {
    return SHAPE;
  }

  /** Matrix products, convolution, pooling and softmax. */
  public static LinalgKernels linalg() {
    return LINALG;
  }

  /** "vector" or "plain": which implementations were chosen. */
  public static String implementation() {
    return VECTOR ? "vector" : "plain";
  }

  /** The plain-Java reductions and data movement, whatever was chosen: the oracle for tests. */
  public static ShapeKernels plainShape() {
    return new PlainShapeKernels();
  }

  /** The Vector API reductions; fails when the module is absent. */
  public static ShapeKernels vectorShape() {
    requireVectorModule();
    return load("VectorShapeKernels");
  }

  /** The plain-Java linear-algebra kernels, whatever was chosen: the oracle for tests. */
  public static LinalgKernels plainLinalg() {
    return new PlainLinalgKernels();
  }

  /** The Vector API linear-algebra kernels; fails when the module is absent. */
  public static LinalgKernels vectorLinalg() {
    requireVectorModule();
    return load("VectorLinalgKernels");
  }

  /** The plain-Java elementwise kernels, whatever was chosen: the oracle for tests. */
  public static ElementwiseKernels plainElementwise() {
    return new PlainElementwiseKernels();
  }

  /** The Vector API elementwise kernels; fails when the module is absent. */
  public static ElementwiseKernels vectorElementwise() {
    requireVectorModule();
    return load("VectorElementwiseKernels");
  }

  /**
   * The error a kernel throws when given arrays of a type it has no loop for: names the kernel,
   * what it expected and the types of {@code arrays}.
   */
  public static IllegalArgumentException unsupported(
      String kernel, String expected, Object... arrays) {
    StringBuilder got = new StringBuilder();
    for (Object array : arrays) {
      got.append(got.isEmpty() ? "" : " and ")
          .append(array == null ? "null" : array.getClass().getSimpleName());
    }
    return new IllegalArgumentException(kernel + " kernel: expected " + expected + ", got " + got);
  }

  private static void requireVectorModule() {
    if (!vectorModulePresent()) {
      throw new IllegalStateException(
          "the Vector API is not available: run java with --add-modules jdk.incubator.vector");
    }
  }

  private static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  private static boolean chooseVector() {
    String forced = System.getProperty("nabla.kernels", "");
    if (forced.equals("plain")) {
      return false;
    }
    if (!forced.isEmpty() && !forced.equals("vector")) {
      throw new IllegalArgumentException(
          "system property nabla.kernels must be 'plain' or 'vector', got '" + forced + "'");
    }
    if (vectorModulePresent()) {
      return true;
    }
    System.getLogger("dev.nabla.kernels")
        .log(
            Level.INFO,
            "nabla: the Vector API is not enabled, so nabla runs on its plain-Java kernels; "
                + "start java with --add-modules jdk.incubator.vector for the fast path");
    return false;
  }

  @SuppressWarnings("unchecked")
  private static <T> T load(String simpleName) {
    // On the module path dev.nabla.core does not read jdk.incubator.vector (its descriptor leaves
    // the
    // optional module out, see module-info.java): add the edge before a Vector API class links.
    // A no-op on the class path, where the unnamed module reads every module.
    ModuleLayer.boot()
        .findModule("jdk.incubator.vector")
        .ifPresent(Kernels.class.getModule()::addReads);
    try {
      return (T)
          Class.forName(Kernels.class.getPackageName() + "." + simpleName)
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("could not load the Vector API kernels " + simpleName, e);
    }
  }
}
