package dev.nabla.core.internal.kernels;

import dev.nabla.core.internal.kernels.conv.Conv2dGeometry;
import dev.nabla.core.internal.kernels.conv.Pool2dGeometry;

/**
 * Matrix products, convolution, pooling and softmax over raw arrays, passed as {@code Object}: all
 * the value arrays of one call are {@code float[]} or all {@code double[]} (argmax tables are
 * {@code int[]}), and an implementation dispatches on their type once, inside. Inputs are validated
 * by the calling op. Outputs documented as accumulated ("+=") must be zeroed (or hold the values to
 * add to) on entry.
 */
public interface LinalgKernels {

  /**
   * The geometry of one BLAS-style GEMM, {@code C = op(A)·op(B)}, or {@code C += op(A)·op(B)} when
   * {@code accumulate}, where {@code op(A)} is m×k and {@code op(B)} is k×n. {@code op(X)} is
   * {@code X} or, with its {@code trans} flag, {@code Xᵀ} read in place. Matrices are row-major:
   * element (r, c) of the stored A is {@code a[aOff + r·lda + c]} (A is stored m×k, or k×m when
   * transposed), likewise B and C. With {@code k = 0} and no accumulation, C is zeroed.
   */
  record Gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      int lda,
      int ldb,
      int ldc,
      boolean accumulate) {}

  /**
   * The product {@code g} describes, on the matrices at {@code aOff}, {@code bOff}, {@code cOff}.
   */
  void gemm(Gemm g, Object a, int aOff, Object b, int bOff, Object c, int cOff);

  /**
   * {@code count} independent GEMMs of one geometry, the i-th on the matrices at offsets {@code
   * aOffs[i]}, {@code bOffs[i]} and {@code cOffs[i]} (broadcast batches repeat an A or B offset;
   * the C blocks must not overlap). Sequential by default; an implementation may run the products
   * in parallel (the Vector API set does, for batches of small FLOAT32 products).
   */
  default void gemmBatched(
      Gemm g, int count, Object a, int[] aOffs, Object b, int[] bOffs, Object c, int[] cOffs) {
    for (int i = 0; i < count; i++) {
      gemm(g, a, aOffs[i], b, bOffs[i], c, cOffs[i]);
    }
  }

  /**
   * The geometry of a fused scaled dot-product attention over {@code count} independent (batch,
   * head) slices: per slice, {@code q} is t×d, {@code k} s×d, {@code v} s×dv and the output t×dv,
   * all row-major and contiguous, slice after slice. The logits are {@code scale·q·kᵀ} plus the
   * additive mask; with {@code causal}, key j is hidden from query i when {@code j > i} (the
   * top-left aligned lower triangle, as PyTorch's {@code is_causal}). With {@code dropoutP > 0} the
   * probabilities are multiplied by a mask drawn from {@code seed}: 0 with probability {@code
   * dropoutP}, else {@code 1 / (1 - dropoutP)}; slice i draws from its own stream, so the masks do
   * not depend on how the slices are split over threads.
   */
  record Attention(
      int count,
      int t,
      int s,
      int d,
      int dv,
      double scale,
      boolean causal,
      double dropoutP,
      long seed) {}

  /**
   * Attention forward, {@code out = dropout(softmax(scale·q·kᵀ + mask)) · v} per slice, where
   * {@code mask} (null for none) is a t×s additive mask at {@code maskOffs[i]} for slice i. {@code
   * p} (count×t×s) receives the probabilities after the softmax and before dropout; a row whose
   * every logit is -inf (fully masked) gets probabilities 0, so its output row is 0. {@code drop}
   * (count×t×s, or null when {@code dropoutP == 0}) receives the dropout multipliers. {@code out}
   * is overwritten.
   */
  void attention(
      Attention g,
      Object q,
      Object k,
      Object v,
      Object mask,
      int[] maskOffs,
      Object p,
      Object drop,
      Object out);

  /**
   * Attention backward from the forward's saved {@code p} and {@code drop} (null without dropout)
   * and the output gradient {@code gOut}: writes {@code gq}, {@code gk}, {@code gv} and, into
   * {@code gLogits} (count×t×s), the gradient of the logits {@code scale·q·kᵀ + mask}, which is the
   * mask's. Each of the four outputs may be null when not needed; those given are overwritten.
   */
  void attentionBackward(
      Attention g,
      Object q,
      Object k,
      Object v,
      Object p,
      Object drop,
      Object gOut,
      Object gq,
      Object gk,
      Object gv,
      Object gLogits);

  /** The softmax family, along the middle axis of an array seen as {@code [outer, n, inner]}. */
  enum SoftmaxKind {
    /** {@code y = softmax(x)}, subtracting each slice's maximum first so nothing overflows. */
    SOFTMAX,
    /** {@code y = x - max - log(sum(exp(x - max)))}. */
    LOG_SOFTMAX,
    /** Softmax backward from its output {@code x}: {@code y = x·(g - sum(g·x))}. */
    SOFTMAX_BACKWARD,
    /** Log-softmax backward from its output {@code x}: {@code y = g - exp(x)·sum(g)}. */
    LOG_SOFTMAX_BACKWARD
  }

  /**
   * The {@code kind} of softmax along the middle axis of {@code x} seen as {@code [outer, n,
   * inner]}, into {@code y}: for the forward kinds {@code x} is the input and {@code g} is unused
   * (null); for the backward kinds {@code x} is the forward output, {@code g} the gradient of the
   * loss with respect to it, and {@code y} receives the gradient with respect to the input.
   */
  void softmax(SoftmaxKind kind, Object x, Object g, Object y, int outer, int n, int inner);

  /**
   * Layer normalisation of each row of {@code x} seen as {@code [rows, n]} into {@code y}: {@code
   * (x - mean)·rstd·w + b} with the row's mean and biased variance, {@code rstd = 1/sqrt(var +
   * eps)}; {@code w} and {@code b} ([n]) may be null. Stores each row's mean and rstd into {@code
   * mean} and {@code rstd} ([rows], the dtype of {@code x}). The op has checked the shapes.
   */
  void layerNorm(
      Object x,
      Object w,
      Object b,
      Object y,
      Object mean,
      Object rstd,
      int rows,
      int n,
      double eps);

  /**
   * Layer-normalisation backward from the saved {@code mean} and {@code rstd}: writes d/dx into
   * {@code gx} and adds d/dw and d/db into {@code gw} and {@code gb} ([n]); each of the three may
   * be null when not needed, and {@code w} is null when the forward had no weight.
   */
  void layerNormBackward(
      Object x,
      Object w,
      Object mean,
      Object rstd,
      Object gy,
      Object gx,
      Object gw,
      Object gb,
      int rows,
      int n);

  /**
   * Cross-correlation of {@code x} [N, C, H, W] with {@code w} [O, C, kh, kw] plus {@code bias} [O]
   * (null for none) into {@code y} [N, O, OH, OW], which is overwritten.
   */
  void conv2d(Conv2dGeometry g, Object x, Object w, Object bias, Object y);

  /**
   * Convolution backward from the output gradient {@code gy}: adds d/dx into {@code gx}, d/dw into
   * {@code gw} and d/dbias into {@code gb}; each of the three may be null when not needed.
   */
  void conv2dBackward(
      Conv2dGeometry g, Object x, Object w, Object gy, Object gx, Object gw, Object gb);

  /**
   * {@link #conv2d} followed by a ReLU: {@code y = max(conv(x, w) + bias, 0)}. By default a ReLU
   * pass over {@code y}; kernels that can apply it as they write the output override this.
   */
  default void conv2dRelu(Conv2dGeometry g, Object x, Object w, Object bias, Object y) {
    conv2d(g, x, w, bias, y);
    Kernels.elementwise().unary(ElementwiseKernels.Unary.RELU, y, y, 0, outputSize(g));
  }

  /**
   * The backward pass of {@link #conv2dRelu}, whose output was {@code y}: {@link #conv2dBackward}
   * of {@code gy} masked to where {@code y > 0}. By default the masked gradient is a new array;
   * kernels that can mask as they read {@code gy} override this.
   */
  default void conv2dReluBackward(
      Conv2dGeometry g, Object x, Object w, Object gy, Object y, Object gx, Object gw, Object gb) {
    int n = outputSize(g);
    Object masked = gy instanceof double[] ? new double[n] : new float[n];
    Kernels.elementwise().unaryBackward(ElementwiseKernels.UnaryGrad.RELU, gy, y, masked, 0, n);
    conv2dBackward(g, x, w, masked, gx, gw, gb);
  }

  /**
   * {@code maxPool2d(relu(conv2d(x, w) + bias), 2, 2, 0)} into {@code y} [N, O, OH/2, OW/2] (OH and
   * OW at least 2), with {@code argmax} as {@link #maxPool2d} gives it: flat indices into the [N,
   * O, OH, OW] convolution output. By default the convolution output is written and pooled; kernels
   * that can pool as they write override this.
   */
  default void conv2dReluPool(
      Conv2dGeometry g, Object x, Object w, Object bias, Object y, int[] argmax) {
    int n = outputSize(g);
    Object full = x instanceof double[] ? new double[n] : new float[n];
    conv2dRelu(g, x, w, bias, full);
    maxPool2d(
        new Pool2dGeometry(g.batch() * g.outChannels(), g.outH(), g.outW(), 2, 2, 0),
        full,
        y,
        argmax);
  }

  /**
   * The backward pass of {@link #conv2dReluPool}, whose pooled output was {@code y}: the pooled
   * gradient {@code gy} goes to each window's maximum where {@code y > 0}, then {@link
   * #conv2dBackward}. By default through a full-size gradient array.
   */
  default void conv2dReluPoolBackward(
      Conv2dGeometry g,
      Object x,
      Object w,
      Object gy,
      Object y,
      int[] argmax,
      Object gx,
      Object gw,
      Object gb) {
    int n = outputSize(g);
    Object full;
    if (gy instanceof double[] gd) {
      double[] f = new double[n], yd = (double[]) y;
      for (int i = 0; i < gd.length; i++) {
        if (yd[i] > 0) {
          f[argmax[i]] += gd[i];
        }
      }
      full = f;
    } else {
      float[] gf = (float[]) gy, f = new float[n], yf = (float[]) y;
      for (int i = 0; i < gf.length; i++) {
        if (yf[i] > 0) {
          f[argmax[i]] += gf[i];
        }
      }
      full = f;
    }
    conv2dBackward(g, x, w, full, gx, gw, gb);
  }

  /** Elements of a convolution's output, {@code N·O·OH·OW}. */
  private static int outputSize(Conv2dGeometry g) {
    return g.batch() * g.outChannels() * g.outH() * g.outW();
  }

  /**
   * Max pooling of {@code x} into {@code y} [planes, OH, OW]; {@code argmax} receives, per output,
   * the flat index into {@code x} of the first maximum of its window.
   */
  void maxPool2d(Pool2dGeometry g, Object x, Object y, int[] argmax);

  /** Max pooling backward: {@code gx[argmax[i]] += gy[i]}. */
  void maxPool2dBackward(Object gy, int[] argmax, Object gx);

  /** Average pooling of {@code x} into {@code y}; padded zeros count in the divisor k². */
  void avgPool2d(Pool2dGeometry g, Object x, Object y);

  /** Average pooling backward: adds {@code gy / k²} onto {@code gx} over each window. */
  void avgPool2dBackward(Pool2dGeometry g, Object gy, Object gx);
}
