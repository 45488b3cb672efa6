package dev.nabla.spark.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.Example;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;

/**
 * Turns the rows of a {@code DataFrame} (a features column and a label column) or nabla {@link
 * Example}s into {@link Sample}s, on the executors.
 */
public final class Rows {
  private static final System.Logger LOG = System.getLogger("dev.nabla.spark");

  private Rows() {}

  /** How a features column is read. */
  enum Features {
    /** {@code array<float>} or {@code array<double>}, flattened values. */
    ARRAY,
    /**
     * Spark's image column (the {@code image} data source): a struct with {@code height}, {@code
     * width}, {@code nChannels} and {@code data} (bytes, height × width × channels, BGR order),
     * read as channels × height × width values in [0, 1].
     */
    IMAGE
  }

  /** How a label column is read. */
  enum Label {
    /** An integer column: a class index. */
    CLASS,
    /** A float or double column: a one-value target. */
    SCALAR,
    /** An {@code array<float>} or {@code array<double>} column: a target vector. */
    VECTOR
  }

  /** The converter for these two columns of {@code schema}; the error names what is accepted. */
  public static Function<Row, Sample> converter(StructType schema, String features, String label) {
    List<String> names = List.of(schema.fieldNames());
    for (String c : new String[] {features, label}) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException(
            "SparkTrainer.fit: the DataFrame has no column '" + c + "'; its columns are " + names);
      }
    }
    DataType ft = schema.apply(features).dataType();
    Features fk;
    if (ft instanceof ArrayType a && isFloating(a.elementType())) {
      fk = Features.ARRAY;
    } else if (ft instanceof StructType s
        && List.of(s.fieldNames()).containsAll(List.of("height", "width", "nChannels", "data"))
        && s.apply("data").dataType() instanceof BinaryType) {
      fk = Features.IMAGE;
    } else {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: features column '"
              + features
              + "' is "
              + ft.simpleString()
              + "; expected array<float>, array<double> or an image struct (height, width, "
              + "nChannels, data: binary) as Spark's image source reads"
              + (ft.typeName().equals("vector")
                  ? " (a Spark ML vector becomes array<double> with"
                      + " org.apache.spark.ml.functions.vector_to_array)"
                  : ""));
    }
    DataType lt = schema.apply(label).dataType();
    Label lk;
    if (lt instanceof IntegerType
        || lt instanceof LongType
        || lt instanceof ShortType
        || lt instanceof ByteType) {
      lk = Label.CLASS;
    } else if (lt instanceof FloatType || lt instanceof DoubleType) {
      lk = Label.SCALAR;
    } else if (lt instanceof ArrayType a && isFloating(a.elementType())) {
      lk = Label.VECTOR;
    } else {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: label column '"
              + label
              + "' is "
              + lt.simpleString()
              + "; expected an integer type (a class index), float or double (a value), or "
              + "array<float> / array<double> (a target vector)");
    }
    if (lk == Label.SCALAR) {
      // Spark ML's labels are doubles: a class index needs an integer column
      LOG.log(
          System.Logger.Level.DEBUG,
          "SparkTrainer.fit: label column '"
              + label
              + "' is "
              + lt.simpleString()
              + ", read as a one-value regression target; cast it to int"
              + " (col(\"label\").cast(\"int\")) for class indices");
    }
    int fi = schema.fieldIndex(features);
    int li = schema.fieldIndex(label);
    return new RowConverter(fi, li, fk, lk, features, label);
  }

  private static boolean isFloating(DataType t) {
    return t instanceof FloatType || t instanceof DoubleType;
  }

  private record RowConverter(int fi, int li, Features fk, Label lk, String fname, String lname)
      implements Function<Row, Sample> {
    private static final long serialVersionUID = 1L;

    @Override
    public Sample call(Row row) {
      if (row.isNullAt(fi) || row.isNullAt(li)) {
        throw new IllegalArgumentException(
            "SparkTrainer.fit: a row has a null "
                + (row.isNullAt(fi) ? "'" + fname + "'" : "'" + lname + "'")
                + ": drop or fill nulls first (df.na().drop())");
      }
      float[] x =
          switch (fk) {
            case ARRAY -> floats(row.getList(fi), fname);
            case IMAGE -> image(row.getStruct(fi), fname);
          };
      return switch (lk) {
        case CLASS -> {
          long v = ((Number) row.get(li)).longValue();
          if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                "SparkTrainer.fit: label column '"
                    + lname
                    + "' holds "
                    + v
                    + "; a class index must be in [0, 2^31)");
          }
          yield Sample.classIndex(x, (int) v);
        }
        case SCALAR -> new Sample(x, -1, new float[] {((Number) row.get(li)).floatValue()});
        case VECTOR -> new Sample(x, -1, floats(row.getList(li), lname));
      };
    }
  }

  private static float[] floats(List<Object> values, String column) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.get(i);
      if (v == null) {
        throw new IllegalArgumentException(
            "SparkTrainer.fit: column '" + column + "' holds an array with a null at " + i);
      }
      out[i] = ((Number) v).floatValue();
    }
    return out;
  }

  private static float[] image(Row img, String column) {
    int h = img.getInt(img.fieldIndex("height"));
    int w = img.getInt(img.fieldIndex("width"));
    int c = img.getInt(img.fieldIndex("nChannels"));
    byte[] data = (byte[]) img.get(img.fieldIndex("data"));
    if ((long) h * w * c != data.length) {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: image column '"
              + column
              + "' has an image of "
              + h
              + "x"
              + w
              + "x"
              + c
              + " but "
              + data.length
              + " bytes of data");
    }
    float[] out = new float[data.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          // Spark stores OpenCV's order (B, G, R[, A] interleaved); nabla wants R, G, B[, A] planes
          int plane = c >= 3 && ch < 3 ? 2 - ch : ch;
          out[(plane * h + y) * w + x] = (data[(y * w + x) * c + ch] & 0xff) / 255f;
        }
      }
    }
    return out;
  }

  /** Turns a nabla example (FLOAT32 input; INT32 class-index or FLOAT32 target) into a sample. */
  public static Sample of(Example e) {
    Tensor in = e.input();
    if (!in.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "SparkTrainer.fit: an Example's input is "
              + in.dtype()
              + "; expected FLOAT32 or FLOAT64");
    }
    float[] x = in.dtype() == DType.FLOAT32 ? in.toFloatArray() : toFloats(in.toDoubleArray());
    Tensor t = e.target();
    if (t.dtype() == DType.INT32 || t.dtype() == DType.INT64) {
      if (t.size() != 1) {
        throw new IllegalArgumentException(
            "SparkTrainer.fit: an Example's integer target must be one class index, got shape "
                + java.util.Arrays.toString(t.shape()));
      }
      long v = t.dtype() == DType.INT64 ? t.toLongArray()[0] : t.toIntArray()[0];
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "SparkTrainer.fit: an Example's class index is " + v + "; it must be in [0, 2^31)");
      }
      return new Sample(x, (int) v, null, in.shape());
    }
    float[] y = t.dtype() == DType.FLOAT32 ? t.toFloatArray() : toFloats(t.toDoubleArray());
    return new Sample(x, -1, y, in.shape());
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
