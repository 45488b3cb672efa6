package dev.nabla.onnx.internal.proto;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * {@code TensorProto}: a tensor's name, dimensions, element type and data, held in whichever field
 * the writer used: {@code rawData} (little-endian, null when absent), a typed field, or external
 * data (a file next to the model, named by {@code externalData}'s {@code location}). The arrays are
 * the record's own and are not copied: do not modify them.
 */
public record TensorProto(
    String name,
    long[] dims,
    int dataType,
    float[] floatData,
    int[] int32Data,
    long[] int64Data,
    double[] doubleData,
    long[] uint64Data,
    List<ByteString> stringData,
    ByteString rawData,
    List<StringEntry> externalData,
    int dataLocation,
    boolean segmented,
    String docString) {
  public static final int DIMS = 1;
  public static final int DATA_TYPE = 2;
  public static final int SEGMENT = 3;
  public static final int FLOAT_DATA = 4;
  public static final int INT32_DATA = 5;
  public static final int STRING_DATA = 6;
  public static final int INT64_DATA = 7;
  public static final int NAME = 8;
  public static final int RAW_DATA = 9;
  public static final int DOUBLE_DATA = 10;
  public static final int UINT64_DATA = 11;
  public static final int DOC_STRING = 12;
  public static final int EXTERNAL_DATA = 13;
  public static final int DATA_LOCATION = 14;

  /** {@code DataLocation.EXTERNAL}. */
  public static final int LOCATION_EXTERNAL = 1;

  /** The element types of {@code TensorProto.DataType}. */
  public static final int UNDEFINED = 0;

  public static final int FLOAT = 1;
  public static final int UINT8 = 2;
  public static final int INT8 = 3;
  public static final int UINT16 = 4;
  public static final int INT16 = 5;
  public static final int INT32 = 6;
  public static final int INT64 = 7;
  public static final int STRING = 8;
  public static final int BOOL = 9;
  public static final int FLOAT16 = 10;
  public static final int DOUBLE = 11;
  public static final int UINT32 = 12;
  public static final int UINT64 = 13;
  public static final int COMPLEX64 = 14;
  public static final int COMPLEX128 = 15;
  public static final int BFLOAT16 = 16;

  /** ONNX's name of an element type ({@code "float"}, {@code "int64"}, …), as its docs spell it. */
  public static String typeName(int dataType) {
    return switch (dataType) {
      case UNDEFINED -> "undefined";
      case FLOAT -> "float";
      case UINT8 -> "uint8";
      case INT8 -> "int8";
      case UINT16 -> "uint16";
      case INT16 -> "int16";
      case INT32 -> "int32";
      case INT64 -> "int64";
      case STRING -> "string";
      case BOOL -> "bool";
      case FLOAT16 -> "float16";
      case DOUBLE -> "double";
      case UINT32 -> "uint32";
      case UINT64 -> "uint64";
      case COMPLEX64 -> "complex64";
      case COMPLEX128 -> "complex128";
      case BFLOAT16 -> "bfloat16";
      default -> "data type " + dataType;
    };
  }
}
