package dev.nabla.core;

import dev.nabla.core.internal.ArrayPool;
import dev.nabla.core.internal.InPlaceLoops;
import dev.nabla.core.internal.Rng;
import dev.nabla.core.internal.Shapes;
import dev.nabla.core.internal.TensorAccess;
import dev.nabla.core.internal.TensorFormat;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Binary;
import dev.nabla.core.internal.kernels.ElementwiseKernels.Unary;
import dev.nabla.core.internal.ops.*;
import java.util.Arrays;

/**
 * An n-dimensional array of {@link DType#FLOAT32}, {@link DType#FLOAT64}, {@link DType#INT32},
 * {@link DType#INT64} or {@link DType#BOOL} values, stored row-major and contiguous, that records
 * the ops applied to it when it (or an input) {@linkplain #requiresGrad() requires a gradient}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * Tensor w = Tensor.randn(42L, 3, 2).requiresGrad(true);
 * Tensor loss = x.matmul(w).tanh().sum();
 * loss.backward();
 * float[] g = w.grad().toFloatArray();   // d loss / d w, shape [3, 2]
 * }</pre>
 *
 * <p>Ops never change their inputs: each returns a new tensor, which for {@link #reshape} and its
 * kin ({@link #flatten}, {@link #squeeze}, {@link #unsqueeze}) and for {@link #detach} is a view
 * sharing the input's storage. The in-place methods ({@link #fill}, {@link #mulInPlace}, {@link
 * #addInPlace}, {@link #copyFrom}, the {@code out} overloads) write the storage, and every write is
 * counted on the storage, whichever view made it: a backward pass that needs values overwritten
 * since its forward pass fails instead of computing a wrong gradient. Elementwise binary ops follow
 * NumPy's broadcasting rules and accept a scalar, which takes the tensor's dtype. Shapes, axes and
 * dtypes are checked at the call, and a mismatch throws an {@link IllegalArgumentException} that
 * names the op and what it was given. Axes may be negative, counting from the last.
 *
 * <p>A tensor is safe to read from many threads; its gradient and graph belong to the thread that
 * trains.
 */
public final class Tensor {
  static {
    TensorAccess.install(
        new TensorAccess.Accessor() {
          @Override
          public Tensor wrap(DType dtype, Object data, int[] shape) {
            // Internal callers pass shapes the op computed and validated, and give the array up:
            // checking only the length keeps per-op overhead small for per-sample graphs.
            int n = Shapes.size(shape);
            int len = java.lang.reflect.Array.getLength(data);
            if (len != n) {
              throw new IllegalArgumentException(
                  "wrap: data has "
                      + len
                      + " elements, shape "
                      + Arrays.toString(shape)
                      + " needs "
                      + n);
            }
            return new Tensor(dtype, data, shape);
          }

          @Override
          public Tensor view(Tensor base, int[] shape) {
            return new Tensor(base.dtype, base.data, shape, base.storage);
          }

          @Override
          public Object data(Tensor t) {
            return t.data;
          }

          @Override
          public Tensor gradForUpdate(Tensor t) {
            return t.grad;
          }
        });
  }

  // Not final: setData swaps them, as PyTorch's `param.data = ...` does, so that a parameter keeps
  // its identity (and its place in modules and optimizers) across a dtype conversion.
  private DType dtype;
  private Object data;
  private int[] shape;

  /**
   * Shared by every tensor that views {@link #data}: its version counts writes through any of them.
   */
  private Storage storage;

  private boolean requiresGrad;
  private Tensor grad;

  /**
   * Whether {@link #grad} was handed out by {@link #grad()}: until then only this tensor holds it
   * (the engine stores gradients nothing else holds, see Backward.owned), and {@link #zeroGrad()}
   * gives its array back for the next step's gradient.
   */
  private boolean gradHandedOut;

  private Node gradFn;

  private Tensor(DType dtype, Object data, int[] shape) {
    this(dtype, data, shape, new Storage());
  }

  private Tensor(DType dtype, Object data, int[] shape, Storage storage) {
    this.dtype = dtype;
    this.data = data;
    this.shape = shape;
    this.storage = storage;
  }

  // ---------------------------------------------------------------- creation

  /** A FLOAT32 tensor holding a copy of {@code data}, whose length must match the shape. */
  public static Tensor of(float[] data, int... shape) {
    return create("Tensor.of", DType.FLOAT32, data == null ? null : data.clone(), shape);
  }

  /** A FLOAT64 tensor holding a copy of {@code data}, whose length must match the shape. */
  public static Tensor of(double[] data, int... shape) {
    return create("Tensor.of", DType.FLOAT64, data == null ? null : data.clone(), shape);
  }

  /** An INT32 tensor holding a copy of {@code data}, whose length must match the shape. */
  public static Tensor of(int[] data, int... shape) {
    return create("Tensor.of", DType.INT32, data == null ? null : data.clone(), shape);
  }

  /** An INT64 tensor holding a copy of {@code data}, whose length must match the shape. */
  public static Tensor of(long[] data, int... shape) {
    return create("Tensor.of", DType.INT64, data == null ? null : data.clone(), shape);
  }

  /** A BOOL tensor holding a copy of {@code data}, whose length must match the shape. */
  public static Tensor of(boolean[] data, int... shape) {
    return create("Tensor.of", DType.BOOL, data == null ? null : data.clone(), shape);
  }

  private static Tensor create(String op, DType dtype, Object data, int[] shape) {
    if (data == null) {
      throw new IllegalArgumentException(op + ": data must not be null");
    }
    int[] s = Shapes.checked(op, shape);
    int n = Shapes.size(s);
    int len = java.lang.reflect.Array.getLength(data);
    if (len != n) {
      throw new IllegalArgumentException(
          op + ": data has " + len + " elements but shape " + Arrays.toString(s) + " needs " + n);
    }
    return new Tensor(dtype, data, s);
  }

  /** A 0-d FLOAT32 tensor. */
  public static Tensor scalar(float value) {
    return new Tensor(DType.FLOAT32, new float[] {value}, new int[0]);
  }

  /** A 0-d FLOAT64 tensor. */
  public static Tensor scalar(double value) {
    return new Tensor(DType.FLOAT64, new double[] {value}, new int[0]);
  }

  /**
   * A 0-d tensor of the given dtype holding {@code value} (truncated toward zero for INT32 and
   * INT64, {@code value != 0} for BOOL).
   */
  public static Tensor scalar(DType dtype, double value) {
    return filled("scalar", dtype, value, new int[0]);
  }

  /** A FLOAT32 tensor of zeros. */
  public static Tensor zeros(int... shape) {
    return zeros(DType.FLOAT32, shape);
  }

  /** A tensor of zeros. */
  public static Tensor zeros(DType dtype, int... shape) {
    if (dtype == null) {
      throw new IllegalArgumentException("zeros: dtype must not be null");
    }
    int[] s = Shapes.checked("zeros", shape);
    return new Tensor(dtype, TensorAccess.newArray(dtype, Shapes.size(s)), s);
  }

  /** A FLOAT32 tensor of ones. */
  public static Tensor ones(int... shape) {
    return filled("ones", DType.FLOAT32, 1, shape);
  }

  /** A tensor of ones. */
  public static Tensor ones(DType dtype, int... shape) {
    return filled("ones", dtype, 1, shape);
  }

  /** A FLOAT32 tensor filled with {@code value}. */
  public static Tensor full(float value, int... shape) {
    return filled("full", DType.FLOAT32, value, shape);
  }

  /**
   * A tensor filled with {@code value} (truncated toward zero for INT32 and INT64, {@code value !=
   * 0} for BOOL).
   */
  public static Tensor full(DType dtype, double value, int... shape) {
    return filled("full", dtype, value, shape);
  }

  /** {@code full} on behalf of the factory {@code op} the user called, which messages name. */
  private static Tensor filled(String op, DType dtype, double value, int[] shape) {
    if (dtype == null) {
      throw new IllegalArgumentException(op + ": dtype must not be null");
    }
    int[] s = Shapes.checked(op, shape);
    int n = Shapes.size(s);
    Object data =
        switch (dtype) {
          case FLOAT32 -> {
            float[] a = new float[n];
            Arrays.fill(a, (float) value);
            yield a;
          }
          case FLOAT64 -> {
            double[] a = new double[n];
            Arrays.fill(a, value);
            yield a;
          }
          case INT32 -> {
            int[] a = new int[n];
            Arrays.fill(a, (int) value);
            yield a;
          }
          case INT64 -> {
            long[] a = new long[n];
            Arrays.fill(a, (long) value);
            yield a;
          }
          case BOOL -> {
            boolean[] a = new boolean[n];
            Arrays.fill(a, value != 0);
            yield a;
          }
        };
    return new Tensor(dtype, data, s);
  }

  /** INT32 values {@code 0, 1, ..., end-1}, as {@code numpy.arange(end)}. */
  public static Tensor arange(int end) {
    return arange(0, end);
  }

  /** INT32 values {@code start, start+1, ..., end-1}. */
  public static Tensor arange(int start, int end) {
    if (end < start) {
      throw new IllegalArgumentException(
          "arange: end " + end + " is before start " + start + " (expected start <= end)");
    }
    int[] a = new int[arangeLength((long) end - start, "start=" + start + ", end=" + end)];
    for (int i = 0; i < a.length; i++) {
      a[i] = start + i;
    }
    return new Tensor(DType.INT32, a, new int[] {a.length});
  }

  /**
   * Values {@code start, start+step, ...} below {@code end} (above it for a negative step), as
   * {@code numpy.arange(start, end, step, dtype)}: {@code ceil((end - start) / step)} elements.
   */
  public static Tensor arange(DType dtype, double start, double end, double step) {
    if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(end)) {
      throw new IllegalArgumentException(
          "arange: expected finite start, end and a non-zero step, got start="
              + start
              + ", end="
              + end
              + ", step="
              + step);
    }
    double count = Math.ceil((end - start) / step);
    int n =
        arangeLength(
            count > Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.max(0, count),
            "start=" + start + ", end=" + end + ", step=" + step);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = start + i * step;
    }
    return Tensor.of(v, n).to(dtype);
  }

  /** The length of an arange result, refused when a tensor cannot hold that many elements. */
  private static int arangeLength(long n, String given) {
    if (n > Shapes.MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          "arange: "
              + given
              + " gives "
              + (n == Long.MAX_VALUE ? "more than 2^63" : n)
              + " elements, more than "
              + Shapes.MAX_ELEMENTS
              + " (2^31-1), the most a tensor can hold");
    }
    return (int) n;
  }

  /** FLOAT32 values uniform in [0, 1), the same for the same seed on every machine. */
  public static Tensor rand(long seed, int... shape) {
    return uniform("rand", seed, DType.FLOAT32, 0, 1, shape);
  }

  /** FLOAT32 standard normal values, the same for the same seed on every machine. */
  public static Tensor randn(long seed, int... shape) {
    return randn(seed, DType.FLOAT32, shape);
  }

  /**
   * Standard normal values of a floating-point dtype, the same for the same seed on every machine.
   */
  public static Tensor randn(long seed, DType dtype, int... shape) {
    int[] s = Shapes.checked("randn", shape);
    requireFloating("randn", dtype);
    Rng rng = new Rng(seed);
    int n = Shapes.size(s);
    return new Tensor(
        dtype, dtype == DType.FLOAT32 ? rng.gaussianFloats(n) : rng.gaussianDoubles(n), s);
  }

  /** FLOAT32 values uniform in [low, high), the same for the same seed on every machine. */
  public static Tensor uniform(long seed, float low, float high, int... shape) {
    return uniform(seed, DType.FLOAT32, low, high, shape);
  }

  /** Values of a floating-point dtype uniform in [low, high), reproducible from the seed. */
  public static Tensor uniform(long seed, DType dtype, double low, double high, int... shape) {
    return uniform("uniform", seed, dtype, low, high, shape);
  }

  private static Tensor uniform(
      String op, long seed, DType dtype, double low, double high, int[] shape) {
    int[] s = Shapes.checked(op, shape);
    requireFloating(op, dtype);
    if (!(low <= high) || !Double.isFinite(low) || !Double.isFinite(high)) {
      throw new IllegalArgumentException(
          op + ": expected finite low <= high, got low=" + low + ", high=" + high);
    }
    Rng rng = new Rng(seed);
    int n = Shapes.size(s);
    return new Tensor(
        dtype,
        dtype == DType.FLOAT32 ? rng.uniformFloats(n, low, high) : rng.uniformDoubles(n, low, high),
        s);
  }

  private static void requireFloating(String op, DType dtype) {
    if (dtype == null || !dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(op + ": expected FLOAT32 or FLOAT64, got " + dtype);
    }
  }

  // ---------------------------------------------------------------- read-out

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** Size of dimension {@code axis} (negative counts from the last). */
  public int dim(int axis) {
    return shape[Shapes.axis("dim", axis, shape)];
  }

  /** Number of dimensions (0 for a scalar). */
  public int rank() {
    return shape.length;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** Number of elements. */
  public int size() {
    return java.lang.reflect.Array.getLength(data);
  }

  /**
   * The single element of a one-element tensor, as a double (exact for every dtype but INT64 values
   * beyond 2^53; BOOL gives 1 or 0).
   */
  public double item() {
    if (size() != 1) {
      throw new IllegalStateException(
          "item: expected a tensor with one element, got shape " + Arrays.toString(shape));
    }
    return element(0);
  }

  /** Element {@code i} in row-major order, as a double. */
  private double element(int i) {
    return switch (dtype) {
      case FLOAT32 -> ((float[]) data)[i];
      case FLOAT64 -> ((double[]) data)[i];
      case INT32 -> ((int[]) data)[i];
      case INT64 -> ((long[]) data)[i];
      case BOOL -> ((boolean[]) data)[i] ? 1 : 0;
    };
  }

  /**
   * The sub-tensor at the given leading indices, as {@code x[i, j]} in PyTorch: negative indices
   * count from the end, and the result has the shape of the remaining axes (0-d when every axis is
   * indexed). Differentiable: the gradient goes into the slot read. The result is a copy.
   *
   * @throws IllegalArgumentException with more indices than axes, or an index out of range (the
   *     message names the shape and the index)
   */
  public Tensor get(int... index) {
    if (index == null) {
      throw new IllegalArgumentException("get: index must not be null");
    }
    return new Get(index).apply(this);
  }

  /**
   * The element at {@code index}, one index per axis (negative counting from the end), as a double
   * as {@link #item()} gives it: {@code x[i, j].item()} in PyTorch.
   *
   * @throws IllegalArgumentException unless there is exactly one index per axis, each in range (the
   *     message names the shape and the index)
   */
  public double item(int... index) {
    if (index == null || index.length != shape.length) {
      throw new IllegalArgumentException(
          "item: "
              + (index == null ? "null" : Arrays.toString(index))
              + " does not index one element of a tensor of shape "
              + Arrays.toString(shape)
              + " (expected "
              + shape.length
              + (shape.length == 1 ? " index" : " indices")
              + ", one per axis)");
    }
    return element(Get.offset("item", shape, index));
  }

  /** The single element of a one-element tensor, as a float. */
  public float floatItem() {
    return (float) item();
  }

  /** The single element of a one-element tensor, as an int (truncated toward zero). */
  public int intItem() {
    return (int) item();
  }

  /** The elements in row-major order, converted to float. */
  public float[] toFloatArray() {
    return (float[]) Cast.convert(data, DType.FLOAT32);
  }

  /** The elements in row-major order, converted to double. */
  public double[] toDoubleArray() {
    return (double[]) Cast.convert(data, DType.FLOAT64);
  }

  /**
   * The elements in row-major order; floating-point values are truncated toward zero, INT64 ones
   * wrap, BOOL ones are 1 or 0 (the rules of {@link #to(DType)}).
   */
  public int[] toIntArray() {
    return (int[]) Cast.convert(data, DType.INT32);
  }

  /** The elements in row-major order as longs, converted by the rules of {@link #to(DType)}. */
  public long[] toLongArray() {
    return (long[]) Cast.convert(data, DType.INT64);
  }

  /** The elements in row-major order as booleans: {@code x != 0} (NaN is true). */
  public boolean[] toBooleanArray() {
    return (boolean[]) Cast.convert(data, DType.BOOL);
  }

  /**
   * NumPy-style text: nested brackets, large tensors abbreviated with "...", then shape and dtype.
   */
  @Override
  public String toString() {
    return TensorFormat.format(this);
  }

  // ---------------------------------------------------------------- autograd

  /**
   * Marks this tensor as a leaf whose gradient {@link #backward()} computes; returns {@code this}.
   */
  public Tensor requiresGrad(boolean requires) {
    if (requires && !dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          "requiresGrad: " + dtype + " tensors cannot require grad; expected FLOAT32 or FLOAT64");
    }
    if (!requires && gradFn != null) {
      throw new IllegalStateException(
          "requiresGrad: this tensor was computed by "
              + gradFn.opName()
              + "; call detach() to get a tensor outside the graph");
    }
    this.requiresGrad = requires;
    return this;
  }

  /** Whether gradients flow to or through this tensor. */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** The accumulated gradient of a leaf after {@link #backward()}; null before. */
  public Tensor grad() {
    gradHandedOut = true;
    return grad;
  }

  /**
   * Forgets the accumulated gradient. A gradient nothing outside nabla's engine and optimizers ever
   * saw (no {@link #grad()} call since it was stored) has its storage reused for a later gradient
   * of the same size; one that was handed out stays as it is.
   */
  public void zeroGrad() {
    Tensor g = grad;
    grad = null;
    if (g != null && !gradHandedOut && g.data instanceof float[] a) {
      ArrayPool.give(a);
    }
    gradHandedOut = false;
  }

  /** Replaces the gradient with {@code g}, which only this tensor holds. */
  private void setGrad(Tensor g) {
    grad = g;
    gradHandedOut = false;
  }

  /** The node that produced this tensor, or null for a leaf. */
  public Node gradFn() {
    return gradFn;
  }

  /** Whether this tensor was not produced by a recorded op. */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /**
   * The same values, outside the graph: a view that shares this tensor's storage and does not
   * require grad. A write through it changes this tensor too, and counts as a write to every tensor
   * that views the storage, so a graph that saved one of them fails on backward instead of using
   * the new values. To change values freely, take a {@link #copy()}.
   */
  public Tensor detach() {
    return new Tensor(dtype, data, shape, storage);
  }

  /** Back-propagates from a one-element tensor (a loss), seeding its gradient with 1. */
  public void backward() {
    if (size() != 1) {
      throw new IllegalStateException(
          "backward: called without a seed on a tensor of shape "
              + Arrays.toString(shape)
              + "; expected a one-element tensor (a loss), or pass backward(seedGradient)");
    }
    Backward.run(this, full(dtype, 1, shape), false);
  }

  /** Back-propagates {@code seed}, which has this tensor's shape and dtype, releasing the graph. */
  public void backward(Tensor seed) {
    Backward.run(this, seed, false);
  }

  /**
   * Back-propagates {@code seed}; with {@code retainGraph} the graph can be walked backwards again.
   */
  public void backward(Tensor seed, boolean retainGraph) {
    Backward.run(this, seed, retainGraph);
  }

  int[] shapeRef() {
    return shape;
  }

  Tensor alias() {
    return new Tensor(dtype, data, shape, storage);
  }

  void attach(Node node) {
    this.gradFn = node;
    this.requiresGrad = true;
  }

  /**
   * Stores a gradient the engine proved nothing else holds (see Backward.owned): kept as it is on
   * first store, no copy.
   */
  void storeOwnedGrad(Tensor g) {
    setGrad(grad == null ? g : Backward.sum(grad, g));
  }

  void accumulateGrad(Tensor g) {
    // A copy on first store: the gradient tensor an op returned may be shared with other leaves.
    setGrad(
        grad == null
            ? new Tensor(g.dtype, Cast.convert(g.data, g.dtype), g.shape)
            : Backward.sum(grad, g));
  }

  // ---------------------------------------------------------------- storage and in-place updates

  /**
   * The live row-major storage of a FLOAT32 tensor, not a copy: for optimizers, data loaders and
   * kernels of your own that must not allocate. Writes change this tensor and every tensor that
   * shares its storage (the results of {@link #reshape}, {@link #detach}). nabla cannot see writes
   * made through the array: call {@link #markModified()} after them, so that a graph that saved any
   * tensor over this storage fails on backward instead of using the new values.
   */
  public float[] floatStorage() {
    return (float[]) storage("floatStorage", DType.FLOAT32);
  }

  /** The live storage of a FLOAT64 tensor; see {@link #floatStorage()}. */
  public double[] doubleStorage() {
    return (double[]) storage("doubleStorage", DType.FLOAT64);
  }

  /** The live storage of an INT32 tensor; see {@link #floatStorage()}. */
  public int[] intStorage() {
    return (int[]) storage("intStorage", DType.INT32);
  }

  /** The live storage of an INT64 tensor; see {@link #floatStorage()}. */
  public long[] longStorage() {
    return (long[]) storage("longStorage", DType.INT64);
  }

  /** The live storage of a BOOL tensor; see {@link #floatStorage()}. */
  public boolean[] boolStorage() {
    return (boolean[]) storage("boolStorage", DType.BOOL);
  }

  private Object storage(String method, DType expected) {
    if (dtype != expected) {
      throw new IllegalStateException(
          method + ": this tensor is " + dtype + ", expected " + expected);
    }
    return data;
  }

  /**
   * Records that this tensor's storage was written directly (through {@link #floatStorage()} and
   * the like), so a backward pass through a graph that saved the old values, through this tensor or
   * any other view of the storage, fails clearly instead of using the new ones. Optimizers call it
   * after each update.
   */
  public void markModified() {
    storage.version++;
  }

  /**
   * Makes this tensor hold {@code src}'s values, shape and dtype while keeping its identity, as
   * PyTorch's {@code param.data = src}: it then shares {@code src}'s storage, and every module and
   * optimizer that holds this tensor sees the new values. {@code Module.to(dtype)} converts
   * parameters this way. Only a leaf can be reset (a tensor computed by an op belongs to its
   * graph); the accumulated gradient is dropped when the shape or dtype changes, and a graph that
   * saved this tensor before fails on backward. Returns {@code this}.
   */
  public Tensor setData(Tensor src) {
    required("setData", "src", src);
    if (gradFn != null) {
      throw new IllegalStateException(
          "setData: this tensor was computed by "
              + gradFn.opName()
              + " and is part of a graph; only a leaf's data can be replaced");
    }
    if (requiresGrad && !src.dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          "setData: this tensor requires grad, so its data must be FLOAT32 or FLOAT64, got "
              + src.dtype);
    }
    if (src == this) {
      return this;
    }
    if (grad != null && (grad.dtype != src.dtype || !Arrays.equals(grad.shape, src.shape))) {
      grad = null;
    }
    dtype = src.dtype;
    data = src.data;
    shape = src.shape;
    storage = src.storage;
    return this;
  }

  /** A new leaf with a copy of this tensor's values (outside any graph, not requiring grad). */
  public Tensor copy() {
    return new Tensor(dtype, Cast.convert(data, dtype), shape);
  }

  /** Copies {@code src}'s values (same shape and dtype) into this tensor; returns {@code this}. */
  public Tensor copyFrom(Tensor src) {
    checkInPlace("copyFrom", src);
    System.arraycopy(src.data, 0, data, 0, size());
    return this;
  }

  /**
   * {@code this += alpha * other} in place, {@code other} broadcasting to this shape (SGD's update
   * is {@code p.addInPlace(p.grad(), -lr)}); returns {@code this}.
   */
  public Tensor addInPlace(Tensor other, double alpha) {
    Tensor addend = required("addInPlace", "other", other);
    if (!Arrays.equals(other.shape, shape)) {
      if (!Shapes.broadcastsTo(other.shape, shape)) {
        throw new IllegalArgumentException(
            "addInPlace: shape "
                + Arrays.toString(other.shape)
                + " cannot be broadcast to this tensor's "
                + Arrays.toString(shape));
      }
      try (var _ = Grad.disabled()) {
        addend = other.broadcastTo(shape);
      }
    }
    checkInPlace("addInPlace", addend);
    InPlaceLoops.addScaled(data, addend.data, alpha);
    return this;
  }

  /** {@code this *= factor} in place; returns {@code this}. */
  public Tensor mulInPlace(double factor) {
    checkInPlace("mulInPlace", this);
    InPlaceLoops.scale(data, factor);
    return this;
  }

  /**
   * Sets every element to {@code value} (truncated toward zero for INT32 and INT64, {@code value !=
   * 0} for BOOL); returns {@code this}.
   */
  public Tensor fill(double value) {
    checkInPlace("fill", this);
    switch (dtype) {
      case FLOAT32 -> Arrays.fill((float[]) data, (float) value);
      case FLOAT64 -> Arrays.fill((double[]) data, value);
      case INT32 -> Arrays.fill((int[]) data, (int) value);
      case INT64 -> Arrays.fill((long[]) data, (long) value);
      case BOOL -> Arrays.fill((boolean[]) data, value != 0);
    }
    return this;
  }

  /** In-place changes are refused where they would corrupt a recorded graph, as in PyTorch. */
  private void checkInPlace(String op, Tensor src) {
    required(op, "source", src);
    if (src.dtype != dtype || !Arrays.equals(src.shape, shape)) {
      throw new IllegalArgumentException(
          op
              + ": expected a "
              + dtype
              + " tensor of shape "
              + Arrays.toString(shape)
              + ", got "
              + src.dtype
              + " "
              + Arrays.toString(src.shape));
    }
    checkWritable(op, "this tensor");
  }

  /**
   * Refuses to write into this tensor ({@code name} in the message) where the write would corrupt a
   * recorded graph, as in PyTorch, and counts the write in its version, so a graph that saved it
   * fails on backward instead of using the new values.
   */
  private void checkWritable(String op, String name) {
    if (gradFn != null) {
      throw new IllegalStateException(
          op
              + ": "
              + name
              + " was computed by "
              + gradFn.opName()
              + " and is part of a graph; write into a copy() instead");
    }
    if (requiresGrad && Grad.isEnabled()) {
      throw new IllegalStateException(
          op
              + ": "
              + name
              + " is a leaf that requires grad; write it inside "
              + "try (var _ = Grad.disabled()) { ... }");
    }
    storage.version++;
  }

  /** The storage this tensor views: the same object for every view of the same memory. */
  Object storageKey() {
    return storage;
  }

  int version() {
    return storage.version;
  }

  // ---------------------------------------------------------------- elementwise

  /** Elementwise sum, broadcasting. */
  public Tensor add(Tensor other) {
    return new Add().apply(this, other);
  }

  /** Adds a scalar. */
  public Tensor add(double scalar) {
    return add(constant(scalar));
  }

  /** Elementwise difference, broadcasting. */
  public Tensor sub(Tensor other) {
    return new Sub().apply(this, other);
  }

  /** Subtracts a scalar. */
  public Tensor sub(double scalar) {
    return sub(constant(scalar));
  }

  /** Elementwise product, broadcasting. */
  public Tensor mul(Tensor other) {
    return new Mul().apply(this, other);
  }

  /** Multiplies by a scalar. */
  public Tensor mul(double scalar) {
    return mul(constant(scalar));
  }

  /** Elementwise quotient, broadcasting. */
  public Tensor div(Tensor other) {
    return new Div().apply(this, other);
  }

  /** Divides by a scalar. */
  public Tensor div(double scalar) {
    return div(constant(scalar));
  }

  /** Elementwise power {@code this^exponent}, broadcasting. */
  public Tensor pow(Tensor exponent) {
    return new Pow().apply(this, exponent);
  }

  /** Elementwise power by a scalar exponent. */
  public Tensor pow(double exponent) {
    return pow(constant(exponent));
  }

  /** Elementwise maximum, broadcasting; where equal, the gradient is split evenly. */
  public Tensor maximum(Tensor other) {
    return new Maximum().apply(this, other);
  }

  /** Elementwise maximum with a scalar. */
  public Tensor maximum(double scalar) {
    return maximum(constant(scalar));
  }

  /** Elementwise minimum, broadcasting; where equal, the gradient is split evenly. */
  public Tensor minimum(Tensor other) {
    return new Minimum().apply(this, other);
  }

  /** Elementwise minimum with a scalar. */
  public Tensor minimum(double scalar) {
    return minimum(constant(scalar));
  }

  /** {@code -x}. */
  public Tensor neg() {
    return new Neg().apply(this);
  }

  /** {@code e^x}. */
  public Tensor exp() {
    return new Exp().apply(this);
  }

  /** Natural logarithm. */
  public Tensor log() {
    return new Log().apply(this);
  }

  /** Square root. */
  public Tensor sqrt() {
    return new Sqrt().apply(this);
  }

  /** Absolute value; its gradient at 0 is 0. */
  public Tensor abs() {
    return new Abs().apply(this);
  }

  /** Hyperbolic tangent. */
  public Tensor tanh() {
    return new Tanh().apply(this);
  }

  /** Logistic sigmoid {@code 1 / (1 + e^-x)}. */
  public Tensor sigmoid() {
    return new Sigmoid().apply(this);
  }

  /**
   * The error function {@code erf(x) = 2/sqrt(pi) * integral from 0 to x of e^(-t^2) dt}, as {@code
   * torch.erf}; computed in double precision for both float dtypes.
   */
  public Tensor erf() {
    return new Erf().apply(this);
  }

  /**
   * The exact GELU {@code x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))}, {@code Phi} the standard
   * normal CDF, as {@code torch.nn.functional.gelu}; accurate in the left tail, computed in double
   * precision for both float dtypes.
   */
  public Tensor gelu() {
    return new Gelu().apply(this);
  }

  /** {@code max(x, 0)}; its gradient at 0 is 0. */
  public Tensor relu() {
    return new Relu().apply(this);
  }

  /** {@code x} where positive, {@code 0.01 x} elsewhere. */
  public Tensor leakyRelu() {
    return leakyRelu(0.01);
  }

  /** {@code x} where positive, {@code slope * x} elsewhere. */
  public Tensor leakyRelu(double negativeSlope) {
    return new LeakyRelu(negativeSlope).apply(this);
  }

  // ---------------------------------------------------------------- written into a given tensor

  /**
   * {@code out = this + other}, broadcasting, written into {@code out} and returned: PyTorch's
   * {@code torch.add(a, b, out=c)}. A loop that reuses one {@code out} writes to memory that is
   * still in cache, where a new result each call is fresh memory the JVM must zero first; for 10⁵
   * floats that allocation costs as much as the addition itself.
   *
   * <p>The same rules hold for every {@code out} overload: {@code out} must already have the
   * result's shape and dtype (it is never resized), may be one of the inputs, and is written in
   * place, outside any graph. So no input may require grad while grad mode is on (compute inside
   * {@code try (var _ = Grad.disabled()) { ... }}), and {@code out} may be neither a result of a
   * recorded op nor, with grad mode on, a leaf that requires grad. Broken rules throw, naming the
   * op.
   */
  public Tensor add(Tensor other, Tensor out) {
    return Into.binary("add", Binary.ADD, this, required("add", "other", other), into(out, other));
  }

  /**
   * {@code out = this - other}, broadcasting, into {@code out}; see {@link #add(Tensor, Tensor)}.
   */
  public Tensor sub(Tensor other, Tensor out) {
    return Into.binary("sub", Binary.SUB, this, required("sub", "other", other), into(out, other));
  }

  /**
   * {@code out = this * other}, broadcasting, into {@code out}; see {@link #add(Tensor, Tensor)}.
   */
  public Tensor mul(Tensor other, Tensor out) {
    return Into.binary("mul", Binary.MUL, this, required("mul", "other", other), into(out, other));
  }

  /**
   * {@code out = this / other}, broadcasting, into {@code out}; see {@link #add(Tensor, Tensor)}.
   */
  public Tensor div(Tensor other, Tensor out) {
    return Into.binary("div", Binary.DIV, this, required("div", "other", other), into(out, other));
  }

  /** {@code out = e^this} into {@code out}; see {@link #add(Tensor, Tensor)}. */
  public Tensor exp(Tensor out) {
    return Into.unary("exp", Unary.EXP, this, into(out, null));
  }

  /** {@code out = ln this} into {@code out}; see {@link #add(Tensor, Tensor)}. */
  public Tensor log(Tensor out) {
    return Into.unary("log", Unary.LOG, this, into(out, null));
  }

  /** {@code out = tanh this} into {@code out}; see {@link #add(Tensor, Tensor)}. */
  public Tensor tanh(Tensor out) {
    return Into.unary("tanh", Unary.TANH, this, into(out, null));
  }

  /** {@code out = sigmoid(this)} into {@code out}; see {@link #add(Tensor, Tensor)}. */
  public Tensor sigmoid(Tensor out) {
    return Into.unary("sigmoid", Unary.SIGMOID, this, into(out, null));
  }

  /** {@code out = max(this, 0)} into {@code out}; see {@link #add(Tensor, Tensor)}. */
  public Tensor relu(Tensor out) {
    return Into.unary("relu", Unary.RELU, this, into(out, null));
  }

  private static Tensor required(String op, String name, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException(op + ": " + name + " must not be null");
    }
    return t;
  }

  /**
   * The check an {@code out} overload runs once its op knows the result's dtype and shape; {@code
   * other} is the second input of a binary op, else null.
   */
  private Into.OutCheck into(Tensor out, Tensor other) {
    return (op, dtype, shape) -> {
      required(op, "out", out);
      if (Grad.isEnabled() && (requiresGrad || other != null && other.requiresGrad)) {
        throw new IllegalStateException(
            op
                + ": out= records no graph, but "
                + (requiresGrad ? "this tensor" : "an input")
                + " requires grad; call it inside try (var _ = Grad.disabled()) { ... }, or drop out");
      }
      if (out.dtype != dtype || !Arrays.equals(out.shape, shape)) {
        throw new IllegalArgumentException(
            op
                + ": out must be a "
                + dtype
                + " tensor of shape "
                + Arrays.toString(shape)
                + ", got "
                + out.dtype
                + " "
                + Arrays.toString(out.shape));
      }
      out.checkWritable(op, "out");
      return out;
    };
  }

  /**
   * Converts to another dtype, as {@code torch.Tensor.to(dtype)}, between any two of FLOAT32,
   * FLOAT64, INT32, INT64 and BOOL (differentiable between FLOAT32 and FLOAT64): a float type to an
   * integer type truncates toward zero (NaN becomes 0, values beyond the range saturate), INT64 to
   * INT32 keeps the low 32 bits (wraps, as torch does), anything to BOOL is {@code x != 0} (NaN is
   * true), and BOOL to a number is 1 or 0. Returns {@code this} when the dtype already matches.
   */
  public Tensor to(DType target) {
    if (target == null) {
      throw new IllegalArgumentException("to: target dtype must not be null");
    }
    return target == dtype ? this : new Cast(target).apply(this);
  }

  // ---------------------------------------------------------------- comparisons (not
  // differentiable)

  /** BOOL: true where {@code this == other} (broadcasting), as {@code torch.eq}. */
  public Tensor eq(Tensor other) {
    return new Compare(Compare.Kind.EQ).apply(this, other);
  }

  /** BOOL: true where {@code this == scalar}. */
  public Tensor eq(double scalar) {
    return eq(constant(scalar));
  }

  /** BOOL: true where {@code this > other} (broadcasting), as {@code torch.gt}. */
  public Tensor gt(Tensor other) {
    return new Compare(Compare.Kind.GT).apply(this, other);
  }

  /** BOOL: true where {@code this > scalar}. */
  public Tensor gt(double scalar) {
    return gt(constant(scalar));
  }

  /** BOOL: true where {@code this >= other} (broadcasting), as {@code torch.ge}. */
  public Tensor ge(Tensor other) {
    return new Compare(Compare.Kind.GE).apply(this, other);
  }

  /** BOOL: true where {@code this < other} (broadcasting), as {@code torch.lt}. */
  public Tensor lt(Tensor other) {
    return new Compare(Compare.Kind.LT).apply(this, other);
  }

  /** BOOL: true where {@code this < scalar}. */
  public Tensor lt(double scalar) {
    return lt(constant(scalar));
  }

  /** BOOL: true where {@code this >= scalar}. */
  public Tensor ge(double scalar) {
    return ge(constant(scalar));
  }

  /** BOOL: true where {@code this <= scalar}. */
  public Tensor le(double scalar) {
    return le(constant(scalar));
  }

  /** BOOL: true where {@code this <= other} (broadcasting), as {@code torch.le}. */
  public Tensor le(Tensor other) {
    return new Compare(Compare.Kind.LE).apply(this, other);
  }

  /**
   * BOOL: true where {@code this != other} (broadcasting), as {@code torch.ne}; NaN is unequal to
   * everything.
   */
  public Tensor ne(Tensor other) {
    return new Compare(Compare.Kind.NE).apply(this, other);
  }

  /** BOOL: true where {@code this != scalar}. */
  public Tensor ne(double scalar) {
    return ne(constant(scalar));
  }

  /** Elementwise NOT of a BOOL tensor, as {@code torch.logical_not}. */
  public Tensor logicalNot() {
    return new Logical(Logical.Kind.NOT).apply(this);
  }

  /** Elementwise AND of BOOL tensors (broadcasting), as {@code torch.logical_and}. */
  public Tensor logicalAnd(Tensor other) {
    return new Logical(Logical.Kind.AND).apply(this, other);
  }

  /** Elementwise OR of BOOL tensors (broadcasting), as {@code torch.logical_or}. */
  public Tensor logicalOr(Tensor other) {
    return new Logical(Logical.Kind.OR).apply(this, other);
  }

  /**
   * Whether both tensors have the same shape and dtype and every pair of elements satisfies {@code
   * |a - b| <= atol + rtol * |b|} (NaN equals NaN), as {@code numpy.allclose}. INT64 and BOOL
   * tensors compare exactly, whatever the tolerances.
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    if (other == null || other.dtype != dtype || !Arrays.equals(other.shape, shape)) {
      return false;
    }
    if (dtype == DType.INT64 || dtype == DType.BOOL) {
      return java.util.Objects.deepEquals(data, other.data);
    }
    double[] a = toDoubleArray(), b = other.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      if (Double.isNaN(a[i]) && Double.isNaN(b[i])) {
        continue;
      }
      if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
        if (a[i] != b[i]) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@link #allClose(Tensor, double, double)} with NumPy's defaults rtol=1e-5, atol=1e-8. */
  public boolean allClose(Tensor other) {
    return allClose(other, 1e-5, 1e-8);
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Sum of all elements, as a 0-d tensor of this tensor's dtype. FLOAT32 accumulates in double;
   * INT32 accumulates in 64 bits and throws an {@link ArithmeticException} when the sum does not
   * fit INT32 (the same holds for every {@code sum} overload).
   */
  public Tensor sum() {
    return new Sum(null, false).apply(this);
  }

  /** Sum over the given axes, which are removed. */
  public Tensor sum(int... axes) {
    return new Sum(axes, false).apply(this);
  }

  /** Sum over the given axes, kept as size 1 when {@code keepDims}. */
  public Tensor sum(int[] axes, boolean keepDims) {
    return new Sum(axes, keepDims).apply(this);
  }

  /** Sum over one axis, kept as size 1 when {@code keepDims}. */
  public Tensor sum(int axis, boolean keepDims) {
    return new Sum(new int[] {axis}, keepDims).apply(this);
  }

  /** Mean of all elements, as a 0-d tensor. */
  public Tensor mean() {
    return mean(null, false);
  }

  /** Mean over the given axes, which are removed. */
  public Tensor mean(int... axes) {
    return mean(axes, false);
  }

  /** Mean over one axis, kept as size 1 when {@code keepDims}. */
  public Tensor mean(int axis, boolean keepDims) {
    return mean(new int[] {axis}, keepDims);
  }

  /** Mean over the given axes (all when null), kept as size 1 when {@code keepDims}. */
  public Tensor mean(int[] axes, boolean keepDims) {
    Tensor s = new Sum("mean", axes, keepDims).apply(this);
    int count = s.size() == 0 ? 0 : size() / Math.max(1, s.size());
    return s.div(count);
  }

  /** Maximum of all elements, as a 0-d tensor; the gradient is split evenly among ties. */
  public Tensor max() {
    return new Max(null, false).apply(this);
  }

  /** Maximum over the given axes, which are removed. */
  public Tensor max(int... axes) {
    return new Max(axes, false).apply(this);
  }

  /** Maximum over one axis, kept as size 1 when {@code keepDims}. */
  public Tensor max(int axis, boolean keepDims) {
    return new Max(new int[] {axis}, keepDims).apply(this);
  }

  /** Maximum over the given axes, kept as size 1 when {@code keepDims}. */
  public Tensor max(int[] axes, boolean keepDims) {
    return new Max(axes, keepDims).apply(this);
  }

  /** INT32 index of the first maximum along {@code axis}, which is removed. Not differentiable. */
  public Tensor argmax(int axis) {
    return new Argmax(axis).apply(this);
  }

  /** INT32 0-d index of the first maximum in row-major order. Not differentiable. */
  public Tensor argmax() {
    return reshape(-1).argmax(0);
  }

  // ---------------------------------------------------------------- issue 13: transformer ops

  /**
   * Minimum of all elements, as a 0-d tensor ({@code torch.amin}); a NaN makes it NaN and the
   * gradient is split evenly among ties, as for {@link #max()}.
   */
  public Tensor min() {
    return new Max(null, false, true).apply(this);
  }

  /** Minimum over the given axes, which are removed ({@code torch.amin(x, dims)}). */
  public Tensor min(int... axes) {
    return new Max(axes, false, true).apply(this);
  }

  /** Minimum over one axis, kept as size 1 when {@code keepDims} ({@code torch.amin}). */
  public Tensor min(int axis, boolean keepDims) {
    return new Max(new int[] {axis}, keepDims, true).apply(this);
  }

  /** Minimum over the given axes, kept as size 1 when {@code keepDims} ({@code torch.amin}). */
  public Tensor min(int[] axes, boolean keepDims) {
    return new Max(axes, keepDims, true).apply(this);
  }

  /**
   * INT32 index of the first minimum along {@code axis}, which is removed ({@code torch.argmin}); a
   * NaN counts as the minimum (the first NaN wins). Not differentiable.
   */
  public Tensor argmin(int axis) {
    return new Argmax(axis, true).apply(this);
  }

  /** INT32 0-d index of the first minimum in row-major order ({@code torch.argmin}). */
  public Tensor argmin() {
    return reshape(-1).argmin(0);
  }

  /**
   * Limits every element to {@code [min, max]}, as {@code torch.clamp}: {@code min(max(x, min),
   * max)}, so when {@code min > max} every element becomes {@code max}. A NaN element (or bound)
   * gives NaN. The gradient is 1 where {@code min <= x <= max} (bounds included, as PyTorch) and 0
   * elsewhere. FLOAT32 and FLOAT64.
   */
  public Tensor clamp(double min, double max) {
    return new Clamp(min, max).apply(this);
  }

  /** {@code clamp(min, +inf)}: {@code torch.clamp_min}. */
  public Tensor clampMin(double min) {
    return new Clamp(min, Double.POSITIVE_INFINITY).apply(this);
  }

  /** {@code clamp(-inf, max)}: {@code torch.clamp_max}. */
  public Tensor clampMax(double max) {
    return new Clamp(Double.NEGATIVE_INFINITY, max).apply(this);
  }

  /** Elementwise sine ({@code torch.sin}); FLOAT32 and FLOAT64. */
  public Tensor sin() {
    return new Sin().apply(this);
  }

  /** Elementwise cosine ({@code torch.cos}); FLOAT32 and FLOAT64. */
  public Tensor cos() {
    return new Cos().apply(this);
  }

  /**
   * Variance over {@code axes} (null: all), {@code sum((x - mean)^2) / max(0, N - correction)}
   * where N counts the reduced elements, as {@code torch.var(x, dims, correction=c, keepdim=k)}.
   * Two passes (the mean first), so a large offset costs no precision. When {@code correction >= N}
   * the divisor is 0 and the result inf (or NaN where the sum is 0), as PyTorch 1.13.
   */
  public Tensor var(int[] axes, double correction, boolean keepDims) {
    return new Variance(axes, correction, keepDims, false).apply(this);
  }

  /** Variance of all elements with Bessel's correction, as {@code torch.var(x)}. */
  public Tensor var() {
    return var(null, 1, false);
  }

  /** Variance along one axis (removed), with Bessel's correction, as {@code torch.var(x, axis)}. */
  public Tensor var(int axis) {
    return var(new int[] {axis}, 1, false);
  }

  /**
   * Standard deviation, {@code sqrt(var(axes, correction, keepDims))}, as {@code torch.std}; its
   * gradient is 0 where the result is 0 (as PyTorch's), not NaN.
   */
  public Tensor std(int[] axes, double correction, boolean keepDims) {
    return new Variance(axes, correction, keepDims, true).apply(this);
  }

  /** Standard deviation of all elements with Bessel's correction, as {@code torch.std(x)}. */
  public Tensor std() {
    return std(null, 1, false);
  }

  /** Standard deviation along one axis (removed), as {@code torch.std(x, axis)}. */
  public Tensor std(int axis) {
    return std(new int[] {axis}, 1, false);
  }

  /**
   * Repeats size-1 dimensions to {@code shape}, as {@code torch.Tensor.expand}: -1 keeps that
   * dimension, and new leading dimensions may be added (they must not be -1). The result is a copy
   * (nabla has no strided views); its gradient is summed back to this tensor's shape.
   */
  public Tensor expand(int... shape) {
    return new Expand(shape).apply(this);
  }

  /**
   * The upper triangle of the last two dimensions (a batch of matrices), as {@code torch.triu}:
   * element (i, j) is kept where {@code j - i >= diagonal} and zeroed elsewhere (NaN included).
   * {@code diagonal} 0 keeps the main diagonal, positive values move above it. Rank >= 2.
   */
  public Tensor triu(int diagonal) {
    return new Triangle(true, diagonal).apply(this);
  }

  /**
   * The lower triangle of the last two dimensions, as {@code torch.tril}: element (i, j) is kept
   * where {@code j - i <= diagonal}. Rank >= 2.
   */
  public Tensor tril(int diagonal) {
    return new Triangle(false, diagonal).apply(this);
  }

  /**
   * Cumulative sum along {@code axis}, as {@code torch.cumsum}: element k is the sum of elements 0
   * to k. FLOAT32 accumulates in double. The gradient is the reversed cumulative sum.
   */
  public Tensor cumsum(int axis) {
    return new Cumsum(axis).apply(this);
  }

  /**
   * {@code log(sum(exp(x)))} along {@code axis}, as {@code torch.logsumexp}, computed stably (the
   * maximum is subtracted first); a slice that is all -inf gives -inf. The gradient is the softmax.
   */
  public Tensor logsumexp(int axis, boolean keepDims) {
    return new LogSumExp(new int[] {axis}, keepDims).apply(this);
  }

  /** {@link #logsumexp(int, boolean)} over several axes at once (null: all). */
  public Tensor logsumexp(int[] axes, boolean keepDims) {
    return new LogSumExp(axes, keepDims).apply(this);
  }

  /**
   * The {@code k} largest (or with {@code largest} false, smallest) elements along {@code axis}, as
   * {@code torch.topk}: values and their INT32 indices, both of this shape with {@code axis} of
   * size k. They are always sorted (largest first, or smallest first), whatever {@code sorted} says
   * (PyTorch leaves the order unspecified when it is false); equal values come lowest index first,
   * and NaN counts as larger than every number. The values are differentiable: the gradient goes to
   * the picked positions.
   */
  public TopK topk(int k, int axis, boolean largest, boolean sorted) {
    Tensor indices = new TopkIndices(k, axis, largest).apply(this);
    Tensor values =
        rank() == 0 ? reshape(1).gather(0, indices.reshape(1)).reshape() : gather(axis, indices);
    return new TopK(values, indices);
  }

  /** {@code topk(k, -1, true, true)}: the k largest along the last axis. */
  public TopK topk(int k) {
    return topk(k, -1, true, true);
  }

  /**
   * Draws {@code numSamples} category indices per row from this 1-d [n] or 2-d [rows, n] tensor of
   * non-negative, not necessarily normalised weights, as {@code torch.multinomial}: INT32 of shape
   * [numSamples] or [rows, numSamples]. Without {@code replacement} the indices of a row are
   * distinct (drawn one after another, each from the weights not yet drawn), so a row needs at
   * least numSamples non-zero weights. The same seed gives the same samples on every machine. Not
   * differentiable.
   *
   * @throws IllegalArgumentException for a negative, NaN or infinite weight, a row whose weights
   *     are all 0, numSamples < 1, or too few non-zero weights without replacement
   */
  public Tensor multinomial(int numSamples, boolean replacement, long seed) {
    return new Multinomial(numSamples, replacement, seed).apply(this);
  }

  /**
   * {@code op(this).matmul(op(other))} where {@code op} swaps the last two dimensions when its flag
   * is set: the same as {@code this.transpose(-2, -1).matmul(other)} and so on, but the transposed
   * operand is read in place by the GEMM, never materialised, in the forward and backward passes
   * ({@code q.matmul(k, false, true)} is attention's {@code Q·Kᵀ}). A 1-d operand is unaffected by
   * its flag.
   */
  public Tensor matmul(Tensor other, boolean transposeThis, boolean transposeOther) {
    return new MatMul(transposeThis, transposeOther).apply(this, other);
  }

  // ---------------------------------------------------------------- shape

  /** The same elements in a new shape; one dimension may be -1 and is then inferred. */
  public Tensor reshape(int... newShape) {
    return new Reshape(newShape).apply(this);
  }

  /** A 1-d tensor of all the elements. */
  public Tensor flatten() {
    return reshape(-1);
  }

  /**
   * Keeps the dimensions before {@code startAxis} and flattens the rest into one (as
   * torch.flatten).
   */
  public Tensor flatten(int startAxis) {
    int a = Shapes.axis("flatten", startAxis, Math.max(1, shape.length), shape);
    if (shape.length == 0) {
      return reshape(1);
    }
    int[] s = Arrays.copyOf(shape, a + 1);
    int rest = 1;
    for (int i = a; i < shape.length; i++) {
      rest *= shape[i];
    }
    s[a] = rest;
    return reshape(s);
  }

  /** Reverses the axes (the matrix transpose for 2-d tensors), as NumPy's {@code .T}. */
  public Tensor transpose() {
    int[] p = new int[shape.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = p.length - 1 - i;
    }
    return permute(p);
  }

  /** Swaps two axes. */
  public Tensor transpose(int axis0, int axis1) {
    int a = Shapes.axis("transpose", axis0, shape);
    int b = Shapes.axis("transpose", axis1, shape);
    int[] p = new int[shape.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    p[a] = b;
    p[b] = a;
    return permute(p);
  }

  /** Reorders the axes: output axis {@code i} is input axis {@code axes[i]}. */
  public Tensor permute(int... axes) {
    return new Permute(axes).apply(this);
  }

  /** Removes every size-1 dimension. */
  public Tensor squeeze() {
    return reshape(Arrays.stream(shape).filter(d -> d != 1).toArray());
  }

  /** Removes dimension {@code axis}, which must have size 1. */
  public Tensor squeeze(int axis) {
    int a = Shapes.axis("squeeze", axis, shape);
    if (shape[a] != 1) {
      throw new IllegalArgumentException(
          "squeeze: axis "
              + axis
              + " of shape "
              + Arrays.toString(shape)
              + " has size "
              + shape[a]
              + ", expected 1");
    }
    int[] s = new int[shape.length - 1];
    for (int i = 0, k = 0; i < shape.length; i++) {
      if (i != a) {
        s[k++] = shape[i];
      }
    }
    return reshape(s);
  }

  /** Inserts a size-1 dimension at {@code axis} (which may be {@code rank()}, or negative). */
  public Tensor unsqueeze(int axis) {
    int r = shape.length + 1;
    if (axis < -r || axis >= r) {
      throw new IllegalArgumentException(
          "unsqueeze: axis "
              + axis
              + " is out of range for a tensor of shape "
              + Arrays.toString(shape)
              + " (expected -"
              + r
              + " to "
              + (r - 1)
              + ")");
    }
    int a = axis < 0 ? axis + r : axis;
    int[] s = new int[shape.length + 1];
    for (int i = 0, k = 0; i < s.length; i++) {
      s[i] = i == a ? 1 : shape[k++];
    }
    return reshape(s);
  }

  /**
   * Elements {@code start, start+step, ...} below {@code end} along {@code axis}, as Python's
   * {@code x[start:end:step]}: negative indices count from the end, out-of-range bounds are
   * clipped.
   */
  public Tensor slice(int axis, int start, int end, int step) {
    return new Slice(axis, start, end, step).apply(this);
  }

  /** {@code slice(axis, start, end, 1)}. */
  public Tensor slice(int axis, int start, int end) {
    return slice(axis, start, end, 1);
  }

  /** Joins tensors of equal shape but for {@code axis} along that axis. */
  public static Tensor concat(int axis, Tensor... tensors) {
    return new Concat(axis).apply(tensors);
  }

  /** Stacks tensors of equal shape along a new axis. */
  public static Tensor stack(int axis, Tensor... tensors) {
    if (tensors == null || tensors.length == 0) {
      throw new IllegalArgumentException("stack: expected at least one tensor, got none");
    }
    // The new axis may also come after the last one: rank + 1 places to put it.
    int a =
        tensors[0] == null
            ? axis
            : Shapes.axis("stack", axis, tensors[0].shape.length + 1, tensors[0].shape);
    Tensor[] expanded = new Tensor[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      if (tensors[i] == null) {
        throw new IllegalArgumentException("stack: tensor " + i + " is null");
      }
      if (tensors[i].dtype != tensors[0].dtype) {
        throw new IllegalArgumentException(
            "stack: dtype mismatch: tensor "
                + i
                + " is "
                + tensors[i].dtype
                + ", tensor 0 is "
                + tensors[0].dtype);
      }
      if (!Arrays.equals(tensors[i].shape, tensors[0].shape)) {
        throw new IllegalArgumentException(
            "stack: tensor "
                + i
                + " has shape "
                + Arrays.toString(tensors[i].shape)
                + ", expected "
                + Arrays.toString(tensors[0].shape)
                + " like tensor 0");
      }
      expanded[i] = tensors[i].unsqueeze(a);
    }
    int[] stacked = expanded[0].shape.clone();
    stacked[a] = tensors.length;
    int[][] shapes = new int[tensors.length][];
    Arrays.setAll(shapes, i -> tensors[i].shape);
    Shapes.result("stack", stacked, shapes);
    return new Concat("stack", a).apply(expanded);
  }

  /**
   * Picks values along {@code axis} at INT32 or INT64 {@code index}, as {@code torch.gather}: the
   * output has the index's shape and {@code out[i][j] = this[i][index[i][j]]} for axis 1 of a 2-d
   * tensor.
   */
  public Tensor gather(int axis, Tensor index) {
    return new Gather(axis).apply(this, index);
  }

  /**
   * {@code a} where {@code cond} holds and {@code b} elsewhere, as {@code torch.where(cond, a, b)}:
   * {@code cond} is BOOL, {@code a} and {@code b} have one dtype (which the result has), and the
   * three broadcast together. The gradient flows to {@code a} where {@code cond} holds and to
   * {@code b} elsewhere, summed back to their shapes.
   *
   * @throws IllegalArgumentException if {@code cond} is not BOOL, {@code a} and {@code b} differ in
   *     dtype, or the shapes do not broadcast (the message names the op, dtypes and shapes)
   */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    required("where", "cond", cond);
    required("where", "a", a);
    required("where", "b", b);
    return new Where().apply(cond, a, b);
  }

  /**
   * This tensor with {@code value} wherever the BOOL {@code mask} holds, as {@code
   * torch.Tensor.masked_fill}: the mask broadcasts to this tensor's shape, and {@code value} is
   * converted to this dtype as {@link #full(DType, double, int...)} converts it. The gradient is
   * zero where the mask holds.
   *
   * @throws IllegalArgumentException if {@code mask} is not BOOL or does not broadcast to this
   *     shape
   */
  public Tensor maskedFill(Tensor mask, double value) {
    required("maskedFill", "mask", mask);
    return new MaskedFill(value).apply(this, mask);
  }

  /**
   * The slices along {@code axis} at the 1-d INT32 or INT64 {@code index}, in its order (repeats
   * allowed), as {@code torch.index_select(x, axis, index)}: the result has this shape with {@code
   * axis} resized to the index's length. One row copy per index; the gradient is added back into
   * the slices read, so repeated indices accumulate.
   *
   * @throws IllegalArgumentException if the index is not 1-d INT32 or INT64, or a value is out of
   *     range for the axis (the message names the value, its position and the shape)
   */
  public Tensor indexSelect(int axis, Tensor index) {
    required("indexSelect", "index", index);
    return new IndexSelect(axis).apply(this, index);
  }

  /**
   * Rows of {@code weight} ({@code [V, E]}) at INT32 or INT64 {@code ids} of any shape, as {@code
   * torch.nn.functional.embedding(ids, weight)}: the result has shape {@code ids.shape + [E]}. One
   * row copy per id; the weight's gradient is added into the rows read, repeated ids accumulating.
   *
   * @throws IllegalArgumentException if the ids are not INT32 or INT64, the weight is not 2-d, or
   *     an id is outside {@code [0, V)} (the message names the id, its position and V)
   */
  public static Tensor embedding(Tensor ids, Tensor weight) {
    required("embedding", "ids", ids);
    required("embedding", "weight", weight);
    return new Embedding(null).apply(ids, weight);
  }

  /**
   * {@link #embedding(Tensor, Tensor)} whose row {@code paddingIdx} (negative counts from the end,
   * as PyTorch's {@code padding_idx}) gets no gradient, as {@code F.embedding(ids, weight,
   * padding_idx)}.
   *
   * @throws IllegalArgumentException as {@link #embedding(Tensor, Tensor)}, or if {@code
   *     paddingIdx} is outside {@code [-V, V)}
   */
  public static Tensor embedding(Tensor ids, Tensor weight, int paddingIdx) {
    required("embedding", "ids", ids);
    required("embedding", "weight", weight);
    return new Embedding(paddingIdx).apply(ids, weight);
  }

  /**
   * Repeats size-1 dimensions (and adds leading ones) to reach {@code shape}, as
   * numpy.broadcast_to.
   */
  public Tensor broadcastTo(int... targetShape) {
    return new BroadcastTo(targetShape).apply(this);
  }

  /** Sums broadcast dimensions away to reach {@code shape}; the inverse of {@link #broadcastTo}. */
  public Tensor sumTo(int... targetShape) {
    return new SumTo(targetShape).apply(this);
  }

  // ---------------------------------------------------------------- neural-network ops

  /**
   * Matrix product as {@code numpy.matmul}: 2-d, or N-d batched with broadcast batch dimensions.
   */
  public Tensor matmul(Tensor other) {
    return new MatMul().apply(this, other);
  }

  /**
   * {@code this.matmul(other).add(bias)} in one op, for a layer's {@code x·W + b}: {@code other} is
   * a matrix (or a batch of them) with n columns and {@code bias} has shape [n]. The result starts
   * as the bias and the product accumulates onto it, so the addition costs no extra pass and no
   * second result tensor. Gradients flow to all three inputs.
   *
   * @throws IllegalArgumentException if {@code other} is 1-d, or {@code bias} is not of shape [n]
   *     and of this tensor's dtype (the message names the shapes), besides matmul's own checks
   */
  public Tensor matmul(Tensor other, Tensor bias) {
    return new MatMul().apply(this, other, bias);
  }

  /**
   * {@code this.matmul(other, bias).relu()} in one op (or {@code this.matmul(other).relu()} when
   * {@code bias} is null): a dense layer and its ReLU as one graph node and one result tensor, the
   * ReLU applied while the product's result is still in cache. {@code Sequential} runs a {@code
   * Dense} followed by a {@code ReLU} this way.
   *
   * @throws IllegalArgumentException as {@link #matmul(Tensor, Tensor)}
   */
  public Tensor matmulRelu(Tensor other, Tensor bias) {
    MatMul op = new MatMul(false, false, true);
    return bias == null ? op.apply(this, other) : op.apply(this, other, bias);
  }

  /**
   * {@code x·weightᵀ + bias}, PyTorch's {@code F.linear}: {@code weight} is [out, in] in PyTorch's
   * layout and is read transposed in place (no transposed copy), {@code bias} is [out] or null, and
   * this tensor is [..., in]. One fused matmul node.
   *
   * @throws IllegalArgumentException as {@link #matmul(Tensor, Tensor)}, naming the shapes
   */
  public Tensor linear(Tensor weight, Tensor bias) {
    MatMul op = new MatMul(false, true);
    return bias == null ? op.apply(this, weight) : op.apply(this, weight, bias);
  }

  /**
   * Scaled dot-product attention, PyTorch 2's {@code F.scaled_dot_product_attention}: {@code
   * dropout(softmax(q·kᵀ/sqrt(D) + mask))·v} for q [..., T, D], k [..., S, D] and v [..., S, Dv]
   * with one batch shape (say [B, heads]), giving [..., T, Dv]. One fused node: per (batch, head)
   * the logits are computed with k read transposed in place, masked, scaled and softmaxed in place,
   * and only the probabilities are kept for the backward pass.
   *
   * <p>{@code attnMask} is null, or a mask that broadcasts to [..., T, S]: BOOL, true where a query
   * may attend to a key (PyTorch's SDPA convention), or an additive mask of q's dtype (0 to keep,
   * -inf to hide; it receives a gradient). With {@code isCausal} query i attends to keys 0..i only
   * (the top-left aligned lower triangle, PyTorch's {@code is_causal}); unlike PyTorch, a mask may
   * be given too, and both apply. A query row with every key hidden gives an output row of zeros
   * (and zero gradients), where PyTorch gives NaN. With {@code dropoutP > 0} the probabilities are
   * dropped with that probability and the rest scaled by {@code 1 / (1 - dropoutP)}, from masks
   * drawn deterministically from {@code seed}; pass 0 outside training.
   *
   * @throws IllegalArgumentException if the shapes or dtypes do not fit (the message names them),
   *     or {@code dropoutP} is not in [0, 1]
   */
  public static Tensor scaledDotProductAttention(
      Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP, boolean isCausal, long seed) {
    ScaledDotProductAttention op = new ScaledDotProductAttention(dropoutP, isCausal, seed);
    return attnMask == null ? op.apply(q, k, v) : op.apply(q, k, v, attnMask);
  }

  /** Softmax along {@code axis}, computed stably (the maximum is subtracted first). */
  public Tensor softmax(int axis) {
    return new Softmax(axis).apply(this);
  }

  /**
   * Log of the softmax along {@code axis}, computed stably as {@code x - max - log(sum(exp(x -
   * max)))}.
   */
  public Tensor logSoftmax(int axis) {
    return new LogSoftmax(axis).apply(this);
  }

  /**
   * 2-d convolution (cross-correlation, as every framework computes it) of NCHW input with OIHW
   * {@code weight}, plus an optional bias of shape [O] (may be null).
   */
  public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
    Conv2d op = new Conv2d(stride, padding);
    return bias == null ? op.apply(this, weight) : op.apply(this, weight, bias);
  }

  /**
   * 2-d convolution with dilation and groups, as {@code torch.nn.functional.conv2d(x, weight, bias,
   * stride, padding, dilation, groups)}: NCHW input, weight {@code [O, C/groups, kh, kw]}, bias
   * {@code [O]} or null; output {@code [N, O, (H + 2p - d·(kh - 1) - 1) / s + 1, ...]}. With {@code
   * groups} g, output channels {@code [j·O/g, (j+1)·O/g)} see only input channels {@code [j·C/g,
   * (j+1)·C/g)}; {@code groups == C} is a depthwise convolution.
   *
   * @throws IllegalArgumentException if stride, dilation or groups is below 1, padding below 0, the
   *     channels do not match {@code weight.dim(1) * groups}, O is not divisible by groups, or the
   *     dilated kernel is larger than the padded input
   */
  public Tensor conv2d(
      Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    Conv2d op = new Conv2d(stride, padding, dilation, groups);
    return bias == null ? op.apply(this, weight) : op.apply(this, weight, bias);
  }

  /**
   * {@code this.conv2d(weight, bias, stride, padding, dilation, groups).relu()} in one op: a
   * convolution layer and its ReLU as one graph node and one result tensor, the ReLU applied as the
   * kernel writes the output and its gradient mask applied as the backward pass reads the gradient.
   * {@code Sequential} runs a {@code Conv2d} followed by a {@code ReLU} this way.
   *
   * @throws IllegalArgumentException as {@link #conv2d(Tensor, Tensor, int, int, int, int)}
   */
  public Tensor conv2dRelu(
      Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    return fusedConv(weight, bias, stride, padding, dilation, groups, false);
  }

  /**
   * {@code this.conv2dRelu(weight, bias, stride, padding, dilation, groups).maxPool2d(2, 2, 0)} in
   * one op: each 2×2 window is pooled as the convolution writes its output, so the full-size
   * activation is never stored; backward sends each pooled gradient to its window's first maximum
   * where that maximum is positive. {@code Sequential} runs {@code Conv2d, ReLU, MaxPool2d(2)} this
   * way.
   *
   * @throws IllegalArgumentException as {@link #conv2d(Tensor, Tensor, int, int, int, int)}, or if
   *     the convolution's output is smaller than 2×2
   */
  public Tensor conv2dReluMaxPool2x2(
      Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    return fusedConv(weight, bias, stride, padding, dilation, groups, true);
  }

  /** A square convolution with its ReLU fused, and the 2×2 max pool too when {@code pool}. */
  private Tensor fusedConv(
      Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups, boolean pool) {
    int[] s = {stride, stride}, p = {padding, padding}, d = {dilation, dilation};
    Conv2d op = pool ? new Conv2d(s, p, d, groups, true, true) : new Conv2d(s, p, d, groups, true);
    return bias == null ? op.apply(this, weight) : op.apply(this, weight, bias);
  }

  /**
   * 2-d convolution with a stride, zero padding and dilation per axis, as {@code
   * torch.nn.functional.conv2d(x, weight, bias, (sh, sw), (ph, pw), (dh, dw), groups)}: each array
   * is {@code {height, width}}; output {@code [N, O, (H + 2ph - dh·(kh - 1) - 1) / sh + 1, (W + 2pw
   * - dw·(kw - 1) - 1) / sw + 1]}. Padding is the same on both sides of an axis (pad the input
   * first for more on one side).
   *
   * @throws IllegalArgumentException if an array does not hold 2 values, or as {@link
   *     #conv2d(Tensor, Tensor, int, int, int, int)}
   */
  public Tensor conv2d(
      Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
    for (int[] a : new int[][] {stride, padding, dilation}) {
      if (a.length != 2) {
        throw new IllegalArgumentException(
            "conv2d: expected {height, width} stride, padding and dilation, got "
                + Arrays.toString(a));
      }
    }
    Conv2d op = new Conv2d(stride.clone(), padding.clone(), dilation.clone(), groups);
    return bias == null ? op.apply(this, weight) : op.apply(this, weight, bias);
  }

  /**
   * 1-d convolution (cross-correlation), as {@code torch.nn.functional.conv1d(x, weight, bias,
   * stride, padding, dilation, groups)}: input {@code [N, C, L]}, weight {@code [O, C/groups, k]},
   * bias {@code [O]} or null; output {@code [N, O, (L + 2p - d·(k - 1) - 1) / s + 1]}.
   *
   * @throws IllegalArgumentException as {@link #conv2d(Tensor, Tensor, int, int, int, int)}
   */
  public Tensor conv1d(
      Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    Conv1d op = new Conv1d(stride, padding, dilation, groups);
    return bias == null ? op.apply(this, weight) : op.apply(this, weight, bias);
  }

  /**
   * Layer normalisation over the last {@code normalizedShape.length} axes, as {@code
   * torch.nn.functional.layer_norm}: {@code (x - mean) / sqrt(var + eps) · weight + bias}, with the
   * mean and the biased variance of each slice over those axes. One fused op (one pass for the
   * moments, one for the output; backward from the saved per-row mean and 1/std).
   *
   * @param normalizedShape the trailing shape normalised over; the input must end in it
   * @param weight scale of shape {@code normalizedShape}, or null for none
   * @param bias shift of shape {@code normalizedShape}, or null for none
   * @param eps added to the variance, {@code >= 0} (PyTorch's default is 1e-5)
   * @throws IllegalArgumentException if the input does not end in {@code normalizedShape}, a
   *     parameter's shape or dtype differs, or the input is not floating point
   */
  public Tensor layerNorm(int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    LayerNorm op = new LayerNorm(normalizedShape, weight != null, bias != null, eps);
    if (weight == null) {
      return bias == null ? op.apply(this) : op.apply(this, bias);
    }
    return bias == null ? op.apply(this, weight) : op.apply(this, weight, bias);
  }

  /** Max pooling over NCHW input with a square window; padding counts as -infinity. */
  public Tensor maxPool2d(int kernel, int stride, int padding) {
    return new MaxPool2d(kernel, stride, padding).apply(this);
  }

  /** Average pooling over NCHW input with a square window; padded zeros count in the average. */
  public Tensor avgPool2d(int kernel, int stride, int padding) {
    return new AvgPool2d(kernel, stride, padding).apply(this);
  }

  private Tensor constant(double value) {
    return full(dtype, value);
  }
}
