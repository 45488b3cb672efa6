package dev.nabla.core.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Formats tensors as text the way PyTorch prints them (whose rules come from NumPy):
 *
 * <pre>
 * tensor([[1.0000, 2.0000, 3.0000],
 *         [4.0000, 5.0000, 6.0000]])
 * tensor(3.5000, dtype=FLOAT64)
 * tensor([1.0000e-05, 1.0000e+03], requires_grad=true)
 * tensor([   0,    1,    2,  ..., 1997, 1998, 1999])
 * tensor([], shape=[0, 3])
 * </pre>
 *
 * <ul>
 *   <li>Floating-point values have 4 decimals, or are all in scientific notation with a 4-decimal
 *       mantissa when the non-zero finite magnitudes span more than a factor 1000, exceed 1e8 or go
 *       below 1e-4. Rounding is half-even on the exact binary value, as Python's format. Unlike
 *       PyTorch, integral floats keep their decimals ({@code 1.0000}, not {@code 1.}) so a float
 *       tensor never looks like an INT32 one. NaN and infinities print as {@code nan}, {@code inf},
 *       {@code -inf}.
 *   <li>INT32 and INT64 values print as integers (exactly, beyond 2^53 too), BOOL values as {@code
 *       True} and {@code False}, as PyTorch prints them.
 *   <li>Every value is right-aligned to one width, the widest value shown (PyTorch measures only
 *       the non-zero finite ones, which can misalign {@code -inf}).
 *   <li>Tensors with more than 1000 elements are abbreviated: along each dimension longer than 6,
 *       only the first 3 and last 3 entries are shown, around "...".
 *   <li>Rows wrap at 80 characters.
 *   <li>Suffixes: {@code shape=[..]} for an empty tensor that is not 1-d, {@code dtype=FLOAT64} or
 *       {@code dtype=INT64} (FLOAT32, INT32 and BOOL are the defaults a value's look implies, as
 *       float32 and int64 are for PyTorch), then {@code grad_fn=<Op>} for a computed tensor or
 *       {@code requires_grad=true} for a leaf that requires grad.
 * </ul>
 */
public final class TensorFormat {
  /** More elements than this and the text is abbreviated (NumPy's and PyTorch's threshold). */
  static final int THRESHOLD = 1000;

  /** Entries shown at each end of an abbreviated dimension. */
  static final int EDGE_ITEMS = 3;

  /** Line width for wrapping rows and suffixes. */
  static final int LINE_WIDTH = 80;

  private static final int PRECISION = 4;

  private TensorFormat() {}

  /** The text of {@code t}. */
  public static String format(Tensor t) {
    int[] shape = t.shape();
    // INT64 values need not fit a double: the layout then walks element positions, and the
    // formatter prints the exact long at each
    long[] longs = t.dtype() == DType.INT64 ? t.toLongArray() : null;
    double[] values = longs == null ? t.toDoubleArray() : positions(longs.length);
    String prefix = "tensor(";
    int indent = prefix.length();
    List<String> suffixes = new ArrayList<>();
    String body;
    if (values.length == 0) {
      body = "[]";
      if (shape.length != 1) {
        suffixes.add("shape=" + Arrays.toString(shape));
      }
    } else {
      boolean summarize = values.length > THRESHOLD;
      Layout layout = new Layout(values, shape, Shapes.strides(shape), summarize);
      List<Double> shown = new ArrayList<>();
      layout.collect(0, 0, shown);
      layout.formatter =
          new Formatter(t.dtype().isInteger(), t.dtype() == DType.BOOL, longs, shown);
      body = layout.render(0, 0, indent);
    }
    if (t.dtype() == DType.FLOAT64 || t.dtype() == DType.INT64) {
      suffixes.add("dtype=" + t.dtype());
    }
    if (t.gradFn() != null) {
      suffixes.add("grad_fn=<" + t.gradFn().opName() + ">");
    } else if (t.requiresGrad()) {
      suffixes.add("requires_grad=true");
    }
    return addSuffixes(prefix + body, suffixes, indent);
  }

  /** {@code 0, 1, ..., n-1} (exact: n is below 2^31). */
  private static double[] positions(int n) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  /** Appends ", suffix" for each suffix, starting a new line when the line would pass the width. */
  private static String addSuffixes(String text, List<String> suffixes, int indent) {
    StringBuilder sb = new StringBuilder(text);
    int lastLine = text.length() - text.lastIndexOf('\n') + 1;
    for (String s : suffixes) {
      if (lastLine + s.length() + 2 > LINE_WIDTH) {
        sb.append(",\n").append(" ".repeat(indent)).append(s);
        lastLine = indent + s.length();
      } else {
        sb.append(", ").append(s);
        lastLine += s.length() + 2;
      }
    }
    return sb.append(')').toString();
  }

  /** Walks the nested dimensions of a row-major array, skipping the middle of long ones. */
  private static final class Layout {
    private final double[] values;
    private final int[] shape;
    private final int[] strides;
    private final boolean summarize;
    private Formatter formatter;

    Layout(double[] values, int[] shape, int[] strides, boolean summarize) {
      this.values = values;
      this.shape = shape;
      this.strides = strides;
      this.summarize = summarize;
    }

    /** Indices shown along a dimension of size n; -1 marks the "..." gap. */
    private int[] shownIndices(int n) {
      if (summarize && n > 2 * EDGE_ITEMS) {
        int[] idx = new int[2 * EDGE_ITEMS + 1];
        for (int i = 0; i < EDGE_ITEMS; i++) {
          idx[i] = i;
          idx[EDGE_ITEMS + 1 + i] = n - EDGE_ITEMS + i;
        }
        idx[EDGE_ITEMS] = -1;
        return idx;
      }
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      return idx;
    }

    /** The values that will be printed, so the column width and notation depend on them only. */
    void collect(int dim, int offset, List<Double> out) {
      if (dim == shape.length) {
        out.add(values[offset]);
        return;
      }
      for (int i : shownIndices(shape[dim])) {
        if (i >= 0) {
          collect(dim + 1, offset + i * strides[dim], out);
        }
      }
    }

    String render(int dim, int offset, int indent) {
      int rank = shape.length;
      if (rank == 0) {
        return formatter.formatPadded(values[0]);
      }
      int[] idx = shownIndices(shape[dim]);
      if (dim == rank - 1) {
        List<String> items = new ArrayList<>(idx.length);
        for (int i : idx) {
          items.add(i < 0 ? " ..." : formatter.formatPadded(values[offset + i * strides[dim]]));
        }
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (formatter.width + 2));
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < items.size(); k++) {
          if (k > 0) {
            sb.append(k % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
          }
          sb.append(items.get(k));
        }
        return sb.append(']').toString();
      }
      String separator = "," + "\n".repeat(rank - dim - 1) + " ".repeat(indent + 1);
      StringBuilder sb = new StringBuilder("[");
      for (int k = 0; k < idx.length; k++) {
        if (k > 0) {
          sb.append(separator);
        }
        sb.append(idx[k] < 0 ? "..." : render(dim + 1, offset + idx[k] * strides[dim], indent + 1));
      }
      return sb.append(']').toString();
    }
  }

  /** One notation and one width for every value of a tensor. */
  private static final class Formatter {
    private final boolean integer;
    private final boolean bool;
    private final boolean scientific;
    private final int width;

    /** An INT64 tensor's values, when the values formatted are positions in it; else null. */
    private final long[] longs;

    Formatter(boolean integer, boolean bool, long[] longs, List<Double> shown) {
      this.integer = integer;
      this.bool = bool;
      this.longs = longs;
      double min = Double.POSITIVE_INFINITY, max = 0;
      for (double v : shown) {
        if (v != 0 && Double.isFinite(v)) {
          min = Math.min(min, Math.abs(v));
          max = Math.max(max, Math.abs(v));
        }
      }
      this.scientific =
          !integer && !bool && max > 0 && (max / min > 1000 || max > 1e8 || min < 1e-4);
      int w = 1;
      for (double v : shown) {
        w = Math.max(w, format(v).length());
      }
      this.width = w;
    }

    String formatPadded(double v) {
      String s = format(v);
      return " ".repeat(width - s.length()) + s;
    }

    String format(double v) {
      if (bool) {
        return v != 0 ? "True" : "False";
      }
      if (longs != null) {
        return Long.toString(longs[(int) v]);
      }
      if (integer) {
        return Long.toString((long) v);
      }
      if (Double.isNaN(v)) {
        return "nan";
      }
      if (Double.isInfinite(v)) {
        return v > 0 ? "inf" : "-inf";
      }
      boolean negative = v < 0 || (v == 0 && 1 / v < 0);
      BigDecimal exact = new BigDecimal(Math.abs(v));
      String digits =
          scientific
              ? scientific(exact)
              : exact.setScale(PRECISION, RoundingMode.HALF_EVEN).toPlainString();
      return negative ? "-" + digits : digits;
    }

    /** {@code d.dddde+XX} as Python's {@code "{:.4e}"}, for a non-negative value. */
    private static String scientific(BigDecimal exact) {
      BigDecimal r = exact.round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
      String digits = r.unscaledValue().toString();
      int exponent = r.signum() == 0 ? 0 : digits.length() - 1 - r.scale();
      digits = (digits + "0".repeat(PRECISION + 1)).substring(0, PRECISION + 1);
      String e = Integer.toString(Math.abs(exponent));
      return digits.charAt(0)
          + "."
          + digits.substring(1)
          + "e"
          + (exponent < 0 ? "-" : "+")
          + (e.length() < 2 ? "0" + e : e);
    }
  }
}
