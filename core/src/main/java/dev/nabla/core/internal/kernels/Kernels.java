package dev.nabla.core.internal.kernels;

/**
 * Chooses the kernel implementations once, at start-up. Ops reach every array loop through here,
 * so a faster implementation replaces a slower one without touching any op.
 */
public final class Kernels {
  private static final ElementwiseKernels ELEMENTWISE = new PlainElementwiseKernels();
  private static final ShapeKernels SHAPE = new PlainShapeKernels();
  private static final LinalgKernels LINALG = new PlainLinalgKernels();

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
}
