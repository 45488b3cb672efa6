package dev.nabla.onnx.internal.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the records of this package in protobuf's wire format, the inverse of {@link ProtoReader}:
 * what {@code ProtoReader.model(ProtoWriter.model(m))} returns equals {@code m} field by field.
 *
 * <p>ONNX's schema is proto2: a scalar or string at its default is left out (it reads back as the
 * default), except where presence matters to ONNX's checker: {@code ir_version}, a tensor's {@code
 * data_type}, an attribute's {@code type} and the one value field its type selects (an {@code INT}
 * attribute of 0 still carries {@code i}), a dimension's {@code dim_value}. Repeated numbers are
 * written packed, which every protobuf parser accepts for proto2 fields too. What the records only
 * count (model-local functions, training info, sparse initializers) or flag (segmented tensors)
 * cannot be written and is refused with an {@link IllegalArgumentException}.
 */
public final class ProtoWriter {
  private final CodedOutputStream out;

  private ProtoWriter(OutputStream stream) {
    this.out = CodedOutputStream.newInstance(stream);
  }

  /** The serialized {@code ModelProto}. */
  public static byte[] model(ModelProto model) {
    return bytes(w -> w.writeModel(model));
  }

  /** Writes the serialized {@code ModelProto} to {@code stream} (not closed). */
  public static void model(ModelProto model, OutputStream stream) throws IOException {
    ProtoWriter w = new ProtoWriter(stream);
    w.writeModel(model);
    w.out.flush();
  }

  /** The serialized {@code TensorProto} (a {@code .pb} file of ONNX's test data). */
  public static byte[] tensor(TensorProto tensor) {
    return bytes(w -> w.writeTensor(tensor));
  }

  private interface Body {
    void write(ProtoWriter w) throws IOException;
  }

  /** The bytes {@code body} writes. */
  private static byte[] bytes(Body body) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ProtoWriter w = new ProtoWriter(b);
    try {
      body.write(w);
      w.out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return b.toByteArray();
  }

  /** A sub-message as a length-delimited field. */
  private void message(int field, Body body) throws IOException {
    out.writeByteArray(field, bytes(body));
  }

  private void string(int field, String s) throws IOException {
    if (s != null && !s.isEmpty()) {
      out.writeString(field, s);
    }
  }

  private void int64(int field, long v) throws IOException {
    if (v != 0) {
      out.writeInt64(field, v);
    }
  }

  private void int32(int field, int v) throws IOException {
    if (v != 0) {
      out.writeInt32(field, v);
    }
  }

  private void packedInt64(int field, long[] values) throws IOException {
    if (values == null || values.length == 0) {
      return;
    }
    int size = 0;
    for (long v : values) {
      size += CodedOutputStream.computeInt64SizeNoTag(v);
    }
    out.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(size);
    for (long v : values) {
      out.writeInt64NoTag(v);
    }
  }

  private void packedInt32(int field, int[] values) throws IOException {
    if (values == null || values.length == 0) {
      return;
    }
    int size = 0;
    for (int v : values) {
      size += CodedOutputStream.computeInt32SizeNoTag(v);
    }
    out.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(size);
    for (int v : values) {
      out.writeInt32NoTag(v);
    }
  }

  private void packedFloat(int field, float[] values) throws IOException {
    if (values == null || values.length == 0) {
      return;
    }
    out.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(values.length * 4);
    for (float v : values) {
      out.writeFloatNoTag(v);
    }
  }

  private void packedDouble(int field, double[] values) throws IOException {
    if (values == null || values.length == 0) {
      return;
    }
    out.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(values.length * 8);
    for (double v : values) {
      out.writeDoubleNoTag(v);
    }
  }

  private void writeModel(ModelProto m) throws IOException {
    if (m.functions() != 0 || m.trainingInfo() != 0) {
      throw new IllegalArgumentException(
          "ProtoWriter: the model has "
              + m.functions()
              + " functions and "
              + m.trainingInfo()
              + " training infos, which the records only count and cannot be written");
    }
    out.writeInt64(ModelProto.IR_VERSION, m.irVersion());
    for (OperatorSetId id : m.opsetImports()) {
      message(ModelProto.OPSET_IMPORT, w -> w.writeOpset(id));
    }
    string(ModelProto.PRODUCER_NAME, m.producerName());
    string(ModelProto.PRODUCER_VERSION, m.producerVersion());
    string(ModelProto.DOMAIN, m.domain());
    int64(ModelProto.MODEL_VERSION, m.modelVersion());
    string(ModelProto.DOC_STRING, m.docString());
    if (m.graph() != null) {
      message(ModelProto.GRAPH, w -> w.writeGraph(m.graph()));
    }
    entries(ModelProto.METADATA_PROPS, m.metadata());
  }

  private void writeOpset(OperatorSetId id) throws IOException {
    // the domain is written even when empty (the default ONNX domain), as ONNX's helpers do
    out.writeString(OperatorSetId.DOMAIN, id.domain());
    out.writeInt64(OperatorSetId.VERSION, id.version());
  }

  private void entries(int field, List<StringEntry> entries) throws IOException {
    for (StringEntry e : entries) {
      message(
          field,
          w -> {
            w.string(StringEntry.KEY, e.key());
            w.string(StringEntry.VALUE, e.value());
          });
    }
  }

  private void writeGraph(GraphProto g) throws IOException {
    if (g.sparseInitializers() != 0) {
      throw new IllegalArgumentException(
          "ProtoWriter: graph '"
              + g.name()
              + "' has "
              + g.sparseInitializers()
              + " sparse initializers, which the records only count and cannot be written");
    }
    for (NodeProto n : g.nodes()) {
      message(GraphProto.NODE, w -> w.writeNode(n));
    }
    string(GraphProto.NAME, g.name());
    for (TensorProto t : g.initializers()) {
      message(GraphProto.INITIALIZER, w -> w.writeTensor(t));
    }
    string(GraphProto.DOC_STRING, g.docString());
    for (ValueInfoProto v : g.inputs()) {
      message(GraphProto.INPUT, w -> w.writeValueInfo(v));
    }
    for (ValueInfoProto v : g.outputs()) {
      message(GraphProto.OUTPUT, w -> w.writeValueInfo(v));
    }
    for (ValueInfoProto v : g.valueInfo()) {
      message(GraphProto.VALUE_INFO, w -> w.writeValueInfo(v));
    }
  }

  private void writeNode(NodeProto n) throws IOException {
    // an omitted optional input or output is an empty name, which must be written (positions)
    for (String s : n.inputs()) {
      out.writeString(NodeProto.INPUT, s);
    }
    for (String s : n.outputs()) {
      out.writeString(NodeProto.OUTPUT, s);
    }
    string(NodeProto.NAME, n.name());
    string(NodeProto.OP_TYPE, n.opType());
    for (AttributeProto a : n.attributes()) {
      message(NodeProto.ATTRIBUTE, w -> w.writeAttribute(a));
    }
    string(NodeProto.DOC_STRING, n.docString());
    string(NodeProto.DOMAIN, n.domain());
  }

  private void writeAttribute(AttributeProto a) throws IOException {
    string(AttributeProto.NAME, a.name());
    string(AttributeProto.DOC_STRING, a.docString());
    out.writeInt32(AttributeProto.TYPE, a.type());
    string(AttributeProto.REF_ATTR_NAME, a.refAttrName());
    // the value field the type selects is written even at its default: ONNX's checker asks that
    // exactly one value field be present
    int type = a.type();
    if (type == AttributeProto.TYPE_FLOAT || a.f() != 0) {
      out.writeFloat(AttributeProto.F, a.f());
    }
    if (type == AttributeProto.TYPE_INT || a.i() != 0) {
      out.writeInt64(AttributeProto.I, a.i());
    }
    if (type == AttributeProto.TYPE_STRING || (a.s() != null && !a.s().isEmpty())) {
      out.writeBytes(AttributeProto.S, a.s() == null ? ByteString.EMPTY : a.s());
    }
    if (a.t() != null) {
      message(AttributeProto.T, w -> w.writeTensor(a.t()));
    }
    if (a.g() != null) {
      message(AttributeProto.G, w -> w.writeGraph(a.g()));
    }
    packedFloat(AttributeProto.FLOATS, a.floats());
    packedInt64(AttributeProto.INTS, a.ints());
    if (a.strings() != null) {
      for (ByteString s : a.strings()) {
        out.writeBytes(AttributeProto.STRINGS, s);
      }
    }
    if (a.tensors() != null) {
      for (TensorProto t : a.tensors()) {
        message(AttributeProto.TENSORS, w -> w.writeTensor(t));
      }
    }
    if (a.graphs() != null) {
      for (GraphProto g : a.graphs()) {
        message(AttributeProto.GRAPHS, w -> w.writeGraph(g));
      }
    }
  }

  private void writeValueInfo(ValueInfoProto v) throws IOException {
    string(ValueInfoProto.NAME, v.name());
    if (v.type() != null) {
      message(ValueInfoProto.TYPE, w -> w.writeType(v.type()));
    }
    string(ValueInfoProto.DOC_STRING, v.docString());
  }

  private void writeType(TypeProto t) throws IOException {
    switch (t.kind()) {
      case NONE -> {}
      case TENSOR, SPARSE_TENSOR -> {
        int field =
            t.kind() == TypeProto.Kind.TENSOR
                ? TypeProto.TENSOR_TYPE
                : TypeProto.SPARSE_TENSOR_TYPE;
        message(
            field,
            w -> {
              w.int32(TypeProto.ELEM_TYPE, t.elemType());
              if (t.shape() != null) {
                w.message(TypeProto.SHAPE, s -> s.writeShape(t.shape()));
              }
            });
      }
      case SEQUENCE, OPTIONAL -> {
        int field =
            t.kind() == TypeProto.Kind.SEQUENCE ? TypeProto.SEQUENCE_TYPE : TypeProto.OPTIONAL_TYPE;
        message(
            field,
            w -> {
              if (t.element() != null) {
                w.message(TypeProto.ELEM_TYPE, e -> e.writeType(t.element()));
              }
            });
      }
      // the records keep no key or value type of a map: an empty map_type keeps the kind
      case MAP -> message(TypeProto.MAP_TYPE, w -> {});
    }
  }

  private void writeShape(List<Dimension> dims) throws IOException {
    for (Dimension d : dims) {
      message(
          TypeProto.DIM,
          w -> {
            if (d.hasValue()) {
              w.out.writeInt64(Dimension.DIM_VALUE, d.value());
            } else {
              w.string(Dimension.DIM_PARAM, d.param());
            }
          });
    }
  }

  private void writeTensor(TensorProto t) throws IOException {
    if (t.segmented()) {
      throw new IllegalArgumentException(
          "ProtoWriter: tensor '" + t.name() + "' is segmented, which cannot be written");
    }
    packedInt64(TensorProto.DIMS, t.dims());
    out.writeInt32(TensorProto.DATA_TYPE, t.dataType());
    packedFloat(TensorProto.FLOAT_DATA, t.floatData());
    packedInt32(TensorProto.INT32_DATA, t.int32Data());
    if (t.stringData() != null) {
      for (ByteString s : t.stringData()) {
        out.writeBytes(TensorProto.STRING_DATA, s);
      }
    }
    packedInt64(TensorProto.INT64_DATA, t.int64Data());
    string(TensorProto.NAME, t.name());
    string(TensorProto.DOC_STRING, t.docString());
    if (t.rawData() != null) {
      out.writeBytes(TensorProto.RAW_DATA, t.rawData());
    }
    entries(TensorProto.EXTERNAL_DATA, t.externalData());
    int32(TensorProto.DATA_LOCATION, t.dataLocation());
    packedDouble(TensorProto.DOUBLE_DATA, t.doubleData());
    if (t.uint64Data() != null && t.uint64Data().length > 0) {
      int size = 0;
      for (long v : t.uint64Data()) {
        size += CodedOutputStream.computeUInt64SizeNoTag(v);
      }
      out.writeTag(
          TensorProto.UINT64_DATA, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
      out.writeUInt32NoTag(size);
      for (long v : t.uint64Data()) {
        out.writeUInt64NoTag(v);
      }
    }
  }
}
