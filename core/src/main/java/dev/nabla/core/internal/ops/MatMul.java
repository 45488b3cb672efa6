package dev.nabla.core.internal.ops;

import dev.nabla.core.Op;
import dev.nabla.core.OpContext;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.UnaryGrad;
import dev.nabla.core.internal.kernels.Kernels;
import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import java.util.Arrays;

/**
 * Matrix product with {@code numpy.matmul} semantics: the last two dimensions of each operand are
 * the matrices, the dimensions before them are batch dimensions that broadcast, and a 1-d operand
 * is a row vector on the left or a column vector on the right whose added dimension is removed from
 * the result (so vector·vector is 0-d).
 *
 * <p>With {@code transA} / {@code transB} the last two dimensions of that operand are read
 * transposed, in place: {@code new MatMul(false, true).apply(a, b)} is {@code a · bᵀ}. A 1-d
 * operand is the same transposed or not. The backward pass uses these transposed products, so no
 * transpose is ever materialised.
 *
 * <p>With a third input, a bias of shape [n], the result is {@code op(a)·op(b) + bias}, fused: the
 * output starts as the bias repeated on every row and the GEMM accumulates onto it, so the sum
 * costs no pass of its own and no second result array (a layer's {@code x·W + b}).
 *
 * <p>With {@code relu}, the result is {@code max(·, 0)} of that, applied in place while the result
 * is still in cache; the backward pass masks the gradient with the saved output first. One node and
 * one result tensor stand for a dense layer and its activation.
 */
public final class MatMul extends Op {
  private final boolean transA;
  private final boolean transB;
  private final boolean relu;

  public MatMul() {
    this(false, false);
  }

  /** {@code op(a)·op(b)}, where {@code op} transposes the last two dimensions if flagged. */
  public MatMul(boolean transA, boolean transB) {
    this(transA, transB, false);
  }

  /** As {@link #MatMul(boolean, boolean)}, followed by a fused ReLU if {@code relu}. */
  public MatMul(boolean transA, boolean transB, boolean relu) {
    this.transA = transA;
    this.transB = transB;
    this.relu = relu;
  }

  @Override
  public String name() {
    return relu ? "MatMulRelu" : "MatMul";
  }

  @Override
  protected Tensor forward(OpContext ctx, Tensor... in) {
    if (in.length != 2 && in.length != 3) {
      throw new IllegalArgumentException(
          "matmul: expected inputs (a, b) or (a, b, bias), got " + in.length + " inputs");
    }
    Plan p = plan(in[0], in[1]);
    ctx.save(in[0], in[1]);
    // every element is written: by the GEMM, or by the bias copy the GEMM then accumulates onto
    Tensor out = TensorAccess.emptyOverwritten(in[0].dtype(), p.outShape);
    boolean bias = in.length == 3;
    if (bias) {
      checkBias(in[2], in[1], p);
      // every row of the result starts as the bias; the GEMM accumulates onto it
      Object bd = TensorAccess.data(in[2]), od = TensorAccess.data(out);
      for (int row = 0, rows = p.count * p.m; row < rows; row++) {
        System.arraycopy(bd, 0, od, row * p.n, p.n);
      }
    }
    gemm(
        p.count,
        p.ta,
        p.tb,
        p.m,
        p.n,
        p.k,
        TensorAccess.data(in[0]),
        p.aOffs,
        p.lda,
        TensorAccess.data(in[1]),
        p.bOffs,
        p.ldb,
        TensorAccess.data(out),
        p.offsets(p.m * p.n),
        bias);
    if (relu) {
      Object o = TensorAccess.data(out);
      Kernels.elementwise().unary(Unary.RELU, o, o, 0, out.size());
      ctx.save(in[0], in[1], out);
    }
    return out;
  }

  private static void checkBias(Tensor bias, Tensor b, Plan p) {
    if (b.shape().length < 2) {
      throw new IllegalArgumentException(
          "matmul: a bias needs a matrix right operand (rank >= 2), got "
              + Arrays.toString(b.shape()));
    }
    if (bias.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          "matmul: bias dtype " + bias.dtype() + " does not match the operands' " + b.dtype());
    }
    if (bias.shape().length != 1 || bias.shape()[0] != p.n) {
      throw new IllegalArgumentException(
          "matmul: bias must have shape ["
              + p.n
              + "] for a result of shape "
              + Arrays.toString(p.outShape)
              + ", got "
              + Arrays.toString(bias.shape()));
    }
  }

  /**
   * With G = dL/dC per batch: d op(A) = G·op(B)ᵀ and d op(B) = op(A)ᵀ·G. For a transposed operand
   * the stored gradient is the transpose of that, which is again one product of stored operands
   * read in some layout: one batched GEMM per gradient, no transpose materialised. Gradients come
   * out with the full broadcast batch shape; the engine sums broadcast batch dimensions away.
   */
  @Override
  protected Tensor[] backward(OpContext ctx, Tensor grad) {
    Tensor a = ctx.saved(0), b = ctx.saved(1);
    if (relu) {
      // the ReLU's gradient first: grad where the output is positive, else 0
      grad = Elementwise.unaryBackward(UnaryGrad.RELU, grad, ctx.saved(2));
    }
    Plan p = plan(a, b);
    int m = p.m, n = p.n, k = p.k;
    Object g = TensorAccess.data(grad), ad = TensorAccess.data(a), bd = TensorAccess.data(b);
    int[] gOffs = p.offsets(m * n);
    Tensor ga = null, gb = null;
    if (ctx.needsInputGrad(0)) {
      // a GEMM without accumulation writes all of C (zeros when k = 0)
      ga = TensorAccess.emptyOverwritten(a.dtype(), Shapes.checked("matmul", p.gradAShape));
      Object out = TensorAccess.data(ga);
      if (!p.ta) {
        // dA = G·op(B)ᵀ: G·Bᵀ, or G·B when B is stored transposed.
        gemm(
            p.count, false, !p.tb, m, k, n, g, gOffs, n, bd, p.bOffs, p.ldb, out, p.offsets(m * k));
      } else {
        // Stored dA = (G·op(B)ᵀ)ᵀ = op(B)·Gᵀ.
        gemm(p.count, p.tb, true, k, m, n, bd, p.bOffs, p.ldb, g, gOffs, n, out, p.offsets(m * k));
      }
    }
    if (ctx.needsInputGrad(1)) {
      gb = TensorAccess.emptyOverwritten(b.dtype(), Shapes.checked("matmul", p.gradBShape));
      Object out = TensorAccess.data(gb);
      if (!p.tb) {
        // dB = op(A)ᵀ·G: Aᵀ·G, or A·G when A is stored transposed.
        gemm(
            p.count, !p.ta, false, k, n, m, ad, p.aOffs, p.lda, g, gOffs, n, out, p.offsets(k * n));
      } else {
        // Stored dB = (op(A)ᵀ·G)ᵀ = Gᵀ·op(A).
        gemm(p.count, true, p.ta, n, k, m, g, gOffs, n, ad, p.aOffs, p.lda, out, p.offsets(k * n));
      }
    }
    if (ctx.inputCount() == 3) {
      // d bias = G summed over every row: the engine sums the broadcast dimensions away
      return new Tensor[] {ga, gb, ctx.needsInputGrad(2) ? grad : null};
    }
    return new Tensor[] {ga, gb};
  }

  /** A batched GEMM into fresh (zeroed) {@code c}, on float[] or double[] operands of one type. */
  private static void gemm(
      int count,
      boolean ta,
      boolean tb,
      int m,
      int n,
      int k,
      Object a,
      int[] aOffs,
      int lda,
      Object b,
      int[] bOffs,
      int ldb,
      Object c,
      int[] cOffs) {
    gemm(count, ta, tb, m, n, k, a, aOffs, lda, b, bOffs, ldb, c, cOffs, false);
  }

  private static void gemm(
      int count,
      boolean ta,
      boolean tb,
      int m,
      int n,
      int k,
      Object a,
      int[] aOffs,
      int lda,
      Object b,
      int[] bOffs,
      int ldb,
      Object c,
      int[] cOffs,
      boolean accumulate) {
    Kernels.linalg()
        .gemmBatched(
            new Gemm(ta, tb, m, n, k, lda, ldb, n, accumulate),
            count,
            a,
            aOffs,
            b,
            bOffs,
            c,
            cOffs);
  }

  /**
   * The product as {@code count} GEMMs of op(A) m×k by op(B) k×n with effective transpose flags
   * {@code ta}, {@code tb}, the per-batch offsets into A and B, and the shapes of the result and of
   * the two gradients (batch shape + each operand's stored matrix shape).
   */
  private record Plan(
      int count,
      int m,
      int n,
      int k,
      boolean ta,
      boolean tb,
      int lda,
      int ldb,
      int[] aOffs,
      int[] bOffs,
      int[] outShape,
      int[] gradAShape,
      int[] gradBShape) {

    /** Offsets of {@code count} contiguous matrices of {@code size} elements. */
    int[] offsets(int size) {
      int[] o = new int[count];
      for (int i = 0; i < count; i++) {
        o[i] = i * size;
      }
      return o;
    }
  }

  private Plan plan(Tensor a, Tensor b) {
    int[] as = a.shape(), bs = b.shape();
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          "matmul: dtype mismatch: " + a.dtype() + " and " + b.dtype());
    }
    if (!a.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "matmul: expected FLOAT32 or FLOAT64 operands, got " + a.dtype());
    }
    if (as.length == 0 || bs.length == 0) {
      throw new IllegalArgumentException(
          "matmul: cannot multiply "
              + Arrays.toString(as)
              + " by "
              + Arrays.toString(bs)
              + ": a 0-d operand has no matrix dimensions (expected rank >= 1)");
    }
    boolean aVec = as.length == 1, bVec = bs.length == 1;
    boolean ta = transA && !aVec, tb = transB && !bVec;
    // A 1-d left operand is a 1×k row, a 1-d right operand a k×1 column (ld 1: one per row).
    int ar = aVec ? 1 : as[as.length - 2], ac = as[as.length - 1];
    int br = bVec ? bs[0] : bs[bs.length - 2], bc = bVec ? 1 : bs[bs.length - 1];
    int m = ta ? ac : ar, ka = ta ? ar : ac;
    int kb = tb ? bc : br, n = tb ? br : bc;
    if (ka != kb) {
      throw new IllegalArgumentException(
          "matmul: cannot multiply "
              + Arrays.toString(as)
              + " by "
              + Arrays.toString(bs)
              + ": inner dimensions "
              + ka
              + " and "
              + kb
              + " differ"
              + (ta || tb ? transposedNote(ta, tb) : ""));
    }
    int[] aBatch = Arrays.copyOf(as, Math.max(0, as.length - 2));
    int[] bBatch = Arrays.copyOf(bs, Math.max(0, bs.length - 2));
    int[] batch = broadcastBatch(as, bs, aBatch, bBatch);
    int[] aMat = Arrays.copyOfRange(as, aBatch.length, as.length);
    int[] bMat = Arrays.copyOfRange(bs, bBatch.length, bs.length);
    int[] outShape =
        Shapes.result(
            "matmul",
            concat(batch, aVec ? new int[0] : new int[] {m}, bVec ? new int[0] : new int[] {n}),
            as,
            bs);
    int count = Shapes.size(batch);
    if (bBatch.length == 0 && aBatch.length > 0 && !ta && (long) count * m <= Integer.MAX_VALUE) {
      // A stack of row-major matrices times one matrix is a single taller product: fold the batch
      // into m. The gradient of B then also comes out summed over the batch, in one GEMM.
      return new Plan(
          1, count * m, n, ka, false, tb, ac, bc, new int[1], new int[1], outShape, as, bMat);
    }
    return new Plan(
        count,
        m,
        n,
        ka,
        ta,
        tb,
        ac,
        bc,
        batchOffsets(aBatch, batch, ar * ac),
        batchOffsets(bBatch, batch, br * bc),
        outShape,
        concat(batch, aMat, new int[0]),
        concat(batch, bMat, new int[0]));
  }

  private static String transposedNote(boolean ta, boolean tb) {
    return ta && tb
        ? " (both operands transposed)"
        : ta ? " (first operand transposed)" : " (second operand transposed)";
  }

  private static int[] broadcastBatch(int[] as, int[] bs, int[] aBatch, int[] bBatch) {
    int rank = Math.max(aBatch.length, bBatch.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - aBatch.length ? 1 : aBatch[i - (rank - aBatch.length)];
      int db = i < rank - bBatch.length ? 1 : bBatch[i - (rank - bBatch.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            "matmul: cannot multiply "
                + Arrays.toString(as)
                + " by "
                + Arrays.toString(bs)
                + ": batch dimensions "
                + Arrays.toString(aBatch)
                + " and "
                + Arrays.toString(bBatch)
                + " do not broadcast ("
                + da
                + " vs "
                + db
                + ")");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Element offset of each batch's matrix in an operand with batch shape {@code from}. */
  static int[] batchOffsets(int[] from, int[] batch, int matrixSize) {
    int count = Shapes.size(batch);
    int[] offs = new int[count];
    if (count == 0) {
      return offs;
    }
    int[] strides = Shapes.broadcastStrides(from, batch);
    int[] idx = new int[batch.length];
    int off = 0;
    for (int i = 0; i < count; i++) {
      offs[i] = off * matrixSize;
      for (int d = batch.length - 1; d >= 0; d--) {
        off += strides[d];
        if (++idx[d] < batch[d]) {
          break;
        }
        off -= strides[d] * batch[d];
        idx[d] = 0;
      }
    }
    return offs;
  }

  private static int[] concat(int[] x, int[] y, int[] z) {
    int[] out = Arrays.copyOf(x, x.length + y.length + z.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    System.arraycopy(z, 0, out, x.length + y.length, z.length);
    return out;
  }
}
