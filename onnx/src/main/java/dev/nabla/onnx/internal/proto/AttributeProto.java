package dev.nabla.onnx.internal.proto;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * {@code AttributeProto}: a node's named attribute. {@code type} says which value field is in use
 * (the constants below); the arrays are the record's own: do not modify them.
 */
public record AttributeProto(
    String name,
    int type,
    float f,
    long i,
    ByteString s,
    TensorProto t,
    GraphProto g,
    float[] floats,
    long[] ints,
    List<ByteString> strings,
    List<TensorProto> tensors,
    List<GraphProto> graphs,
    String refAttrName,
    String docString) {
  public static final int NAME = 1;
  public static final int F = 2;
  public static final int I = 3;
  public static final int S = 4;
  public static final int T = 5;
  public static final int G = 6;
  public static final int FLOATS = 7;
  public static final int INTS = 8;
  public static final int STRINGS = 9;
  public static final int TENSORS = 10;
  public static final int GRAPHS = 11;
  public static final int DOC_STRING = 13;
  public static final int TP = 14;
  public static final int TYPE_PROTOS = 15;
  public static final int TYPE = 20;
  public static final int REF_ATTR_NAME = 21;
  public static final int SPARSE_TENSOR = 22;
  public static final int SPARSE_TENSORS = 23;

  /** The values of {@code AttributeType}. */
  public static final int TYPE_UNDEFINED = 0;

  public static final int TYPE_FLOAT = 1;
  public static final int TYPE_INT = 2;
  public static final int TYPE_STRING = 3;
  public static final int TYPE_TENSOR = 4;
  public static final int TYPE_GRAPH = 5;
  public static final int TYPE_FLOATS = 6;
  public static final int TYPE_INTS = 7;
  public static final int TYPE_STRINGS = 8;
  public static final int TYPE_TENSORS = 9;
  public static final int TYPE_GRAPHS = 10;
  public static final int TYPE_SPARSE_TENSOR = 11;
  public static final int TYPE_SPARSE_TENSORS = 12;
  public static final int TYPE_TYPE_PROTO = 13;
  public static final int TYPE_TYPE_PROTOS = 14;

  /** ONNX's name of an attribute type ({@code "INT"}, {@code "FLOATS"}, …). */
  public static String typeName(int type) {
    return switch (type) {
      case TYPE_UNDEFINED -> "UNDEFINED";
      case TYPE_FLOAT -> "FLOAT";
      case TYPE_INT -> "INT";
      case TYPE_STRING -> "STRING";
      case TYPE_TENSOR -> "TENSOR";
      case TYPE_GRAPH -> "GRAPH";
      case TYPE_FLOATS -> "FLOATS";
      case TYPE_INTS -> "INTS";
      case TYPE_STRINGS -> "STRINGS";
      case TYPE_TENSORS -> "TENSORS";
      case TYPE_GRAPHS -> "GRAPHS";
      case TYPE_SPARSE_TENSOR -> "SPARSE_TENSOR";
      case TYPE_SPARSE_TENSORS -> "SPARSE_TENSORS";
      case TYPE_TYPE_PROTO -> "TYPE_PROTO";
      case TYPE_TYPE_PROTOS -> "TYPE_PROTOS";
      default -> "type " + type;
    };
  }
}
