package dev.nabla.onnx.internal.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ONNX's messages from their protobuf wire format. Every field nabla knows is checked for its
 * wire type; unknown fields are skipped, as protobuf's own parsers do. Repeated numbers are read
 * packed or not (both are valid encodings). A malformed message throws a {@link ProtoException}
 * naming the message, the field and the byte offset.
 */
public final class ProtoReader {
  /**
   * Nested graphs (If, Loop, Scan bodies) deeper than this are refused rather than recursed into.
   */
  static final int MAX_DEPTH = 64;

  private final CodedInputStream in;
  private final String source;
  private int depth;

  private ProtoReader(byte[] bytes, String source) {
    this.in = CodedInputStream.newInstance(bytes);
    this.in.setSizeLimit(Integer.MAX_VALUE);
    this.in.setRecursionLimit(Integer.MAX_VALUE);
    this.source = source;
  }

  /**
   * Parses a whole {@code ModelProto}; {@code source} names the bytes in messages (a file name).
   */
  public static ModelProto model(byte[] bytes, String source) throws ProtoException {
    ProtoReader r = new ProtoReader(bytes, source);
    return r.guard(r::readModel);
  }

  /** Parses a whole {@code TensorProto} (the {@code .pb} files of ONNX's test data). */
  public static TensorProto tensor(byte[] bytes, String source) throws ProtoException {
    ProtoReader r = new ProtoReader(bytes, source);
    return r.guard(r::readTensor);
  }

  private interface Body<T> {
    T read() throws IOException;
  }

  private <T> T guard(Body<T> body) throws ProtoException {
    try {
      T t = body.read();
      if (!in.isAtEnd()) {
        throw error("top-level message", "data after the message's end");
      }
      return t;
    } catch (ProtoException e) {
      throw e;
    } catch (InvalidProtocolBufferException e) {
      throw new ProtoException(
          source
              + ": not a valid protobuf message at byte "
              + in.getTotalBytesRead()
              + " ("
              + e.getMessage()
              + "): the file is truncated or not an ONNX file",
          e);
    } catch (IOException e) {
      throw new ProtoException(source + ": " + e.getMessage(), e);
    }
  }

  private ProtoException error(String message, String what) {
    return new ProtoException(
        source + ": " + message + " at byte " + in.getTotalBytesRead() + ": " + what);
  }

  private void expect(int tag, int wireType, String message, String field) throws ProtoException {
    int got = WireFormat.getTagWireType(tag);
    if (got != wireType) {
      throw error(
          message,
          "field "
              + field
              + " ("
              + WireFormat.getTagFieldNumber(tag)
              + ") has wire type "
              + got
              + ", expected "
              + wireType);
    }
  }

  /** Runs {@code body} over a length-delimited sub-message. */
  private <T> T nested(String message, Body<T> body) throws IOException {
    int length = in.readRawVarint32();
    if (length < 0) {
      throw error(message, "negative length " + length);
    }
    if (++depth > MAX_DEPTH) {
      throw error(message, "messages nested more than " + MAX_DEPTH + " deep");
    }
    int old = in.pushLimit(length);
    T t = body.read();
    if (!in.isAtEnd()) {
      throw error(message, "sub-message not read to its end");
    }
    in.popLimit(old);
    depth--;
    return t;
  }

  private String string(int tag, String message, String field) throws IOException {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, message, field);
    ByteString bytes = in.readBytes();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes.asReadOnlyByteBuffer())
          .toString();
    } catch (CharacterCodingException e) {
      throw error(message, "field " + field + " is not valid UTF-8");
    }
  }

  private long int64(int tag, String message, String field) throws IOException {
    expect(tag, WireFormat.WIRETYPE_VARINT, message, field);
    return in.readInt64();
  }

  private int int32(int tag, String message, String field) throws IOException {
    expect(tag, WireFormat.WIRETYPE_VARINT, message, field);
    return in.readInt32();
  }

  /** A growable primitive list for repeated numbers. */
  private static final class Longs {
    long[] a = new long[4];
    int n;

    void add(long v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }

  /** A repeated varint field, packed or one value per tag. */
  private void varints(int tag, Longs out, String message, String field, boolean int32)
      throws IOException {
    int wt = WireFormat.getTagWireType(tag);
    if (wt == WireFormat.WIRETYPE_VARINT) {
      out.add(int32 ? in.readInt32() : in.readInt64());
    } else if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int length = in.readRawVarint32();
      if (length < 0) {
        throw error(message, "field " + field + " has negative length " + length);
      }
      int old = in.pushLimit(length);
      while (!in.isAtEnd()) {
        out.add(int32 ? in.readInt32() : in.readInt64());
      }
      in.popLimit(old);
    } else {
      expect(tag, WireFormat.WIRETYPE_VARINT, message, field);
    }
  }

  /** A repeated fixed-width field (float: 4 bytes, double: 8), packed or one value per tag. */
  private void fixed(int tag, Longs out, String message, String field, boolean wide)
      throws IOException {
    int wt = WireFormat.getTagWireType(tag);
    int single = wide ? WireFormat.WIRETYPE_FIXED64 : WireFormat.WIRETYPE_FIXED32;
    if (wt == single) {
      out.add(wide ? in.readRawLittleEndian64() : in.readRawLittleEndian32());
    } else if (wt == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int length = in.readRawVarint32();
      int width = wide ? 8 : 4;
      if (length < 0 || length % width != 0) {
        throw error(
            message,
            "field " + field + " has length " + length + ", not a multiple of " + width + " bytes");
      }
      int old = in.pushLimit(length);
      while (!in.isAtEnd()) {
        out.add(wide ? in.readRawLittleEndian64() : in.readRawLittleEndian32());
      }
      in.popLimit(old);
    } else {
      expect(tag, single, message, field);
    }
  }

  private static float[] floats(Longs bits) {
    float[] f = new float[bits.n];
    for (int i = 0; i < bits.n; i++) {
      f[i] = Float.intBitsToFloat((int) bits.a[i]);
    }
    return f;
  }

  private static double[] doubles(Longs bits) {
    double[] d = new double[bits.n];
    for (int i = 0; i < bits.n; i++) {
      d[i] = Double.longBitsToDouble(bits.a[i]);
    }
    return d;
  }

  private static int[] ints(Longs v) {
    int[] r = new int[v.n];
    for (int i = 0; i < v.n; i++) {
      r[i] = (int) v.a[i];
    }
    return r;
  }

  private ModelProto readModel() throws IOException {
    String m = "ModelProto";
    long ir = 0, modelVersion = 0;
    String producer = "", producerVersion = "", domain = "", doc = "";
    List<OperatorSetId> opsets = new ArrayList<>();
    List<StringEntry> meta = new ArrayList<>();
    GraphProto graph = null;
    int functions = 0, training = 0;
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case ModelProto.IR_VERSION -> ir = int64(tag, m, "ir_version");
        case ModelProto.PRODUCER_NAME -> producer = string(tag, m, "producer_name");
        case ModelProto.PRODUCER_VERSION -> producerVersion = string(tag, m, "producer_version");
        case ModelProto.DOMAIN -> domain = string(tag, m, "domain");
        case ModelProto.MODEL_VERSION -> modelVersion = int64(tag, m, "model_version");
        case ModelProto.DOC_STRING -> doc = string(tag, m, "doc_string");
        case ModelProto.GRAPH -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "graph");
          graph = nested("GraphProto", this::readGraph);
        }
        case ModelProto.OPSET_IMPORT -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "opset_import");
          opsets.add(nested("OperatorSetIdProto", this::readOpset));
        }
        case ModelProto.METADATA_PROPS -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "metadata_props");
          meta.add(nested("StringStringEntryProto", this::readEntry));
        }
        case ModelProto.FUNCTIONS -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "functions");
          functions++;
          in.skipField(tag);
        }
        case ModelProto.TRAINING_INFO -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "training_info");
          training++;
          in.skipField(tag);
        }
        default -> in.skipField(tag);
      }
    }
    return new ModelProto(
        ir,
        opsets,
        producer,
        producerVersion,
        domain,
        modelVersion,
        doc,
        graph,
        meta,
        functions,
        training);
  }

  private OperatorSetId readOpset() throws IOException {
    String m = "OperatorSetIdProto";
    String domain = "";
    long version = 0;
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case OperatorSetId.DOMAIN -> domain = string(tag, m, "domain");
        case OperatorSetId.VERSION -> version = int64(tag, m, "version");
        default -> in.skipField(tag);
      }
    }
    return new OperatorSetId(domain, version);
  }

  private StringEntry readEntry() throws IOException {
    String m = "StringStringEntryProto";
    String key = "", value = "";
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case StringEntry.KEY -> key = string(tag, m, "key");
        case StringEntry.VALUE -> value = string(tag, m, "value");
        default -> in.skipField(tag);
      }
    }
    return new StringEntry(key, value);
  }

  private GraphProto readGraph() throws IOException {
    String m = "GraphProto";
    String name = "", doc = "";
    List<NodeProto> nodes = new ArrayList<>();
    List<TensorProto> inits = new ArrayList<>();
    List<ValueInfoProto> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    List<ValueInfoProto> infos = new ArrayList<>();
    int sparse = 0;
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case GraphProto.NODE -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "node");
          nodes.add(nested("NodeProto", this::readNode));
        }
        case GraphProto.NAME -> name = string(tag, m, "name");
        case GraphProto.INITIALIZER -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "initializer");
          inits.add(nested("TensorProto", this::readTensor));
        }
        case GraphProto.DOC_STRING -> doc = string(tag, m, "doc_string");
        case GraphProto.INPUT -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "input");
          inputs.add(nested("ValueInfoProto", this::readValueInfo));
        }
        case GraphProto.OUTPUT -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "output");
          outputs.add(nested("ValueInfoProto", this::readValueInfo));
        }
        case GraphProto.VALUE_INFO -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "value_info");
          infos.add(nested("ValueInfoProto", this::readValueInfo));
        }
        case GraphProto.SPARSE_INITIALIZER -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "sparse_initializer");
          sparse++;
          in.skipField(tag);
        }
        default -> in.skipField(tag);
      }
    }
    return new GraphProto(name, nodes, inits, inputs, outputs, infos, sparse, doc);
  }

  private NodeProto readNode() throws IOException {
    String m = "NodeProto";
    List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    String name = "", op = "", domain = "", doc = "";
    List<AttributeProto> attrs = new ArrayList<>();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case NodeProto.INPUT -> inputs.add(string(tag, m, "input"));
        case NodeProto.OUTPUT -> outputs.add(string(tag, m, "output"));
        case NodeProto.NAME -> name = string(tag, m, "name");
        case NodeProto.OP_TYPE -> op = string(tag, m, "op_type");
        case NodeProto.DOMAIN -> domain = string(tag, m, "domain");
        case NodeProto.DOC_STRING -> doc = string(tag, m, "doc_string");
        case NodeProto.ATTRIBUTE -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "attribute");
          attrs.add(nested("AttributeProto", this::readAttribute));
        }
        default -> in.skipField(tag);
      }
    }
    return new NodeProto(inputs, outputs, name, op, domain, attrs, doc);
  }

  private AttributeProto readAttribute() throws IOException {
    String m = "AttributeProto";
    String name = "", ref = "", doc = "";
    int type = 0;
    float f = 0;
    long i = 0;
    ByteString s = ByteString.EMPTY;
    TensorProto t = null;
    GraphProto g = null;
    Longs floats = new Longs(), ints = new Longs();
    List<ByteString> strings = new ArrayList<>();
    List<TensorProto> tensors = new ArrayList<>();
    List<GraphProto> graphs = new ArrayList<>();
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case AttributeProto.NAME -> name = string(tag, m, "name");
        case AttributeProto.REF_ATTR_NAME -> ref = string(tag, m, "ref_attr_name");
        case AttributeProto.DOC_STRING -> doc = string(tag, m, "doc_string");
        case AttributeProto.TYPE -> type = int32(tag, m, "type");
        case AttributeProto.F -> {
          expect(tag, WireFormat.WIRETYPE_FIXED32, m, "f");
          f = in.readFloat();
        }
        case AttributeProto.I -> i = int64(tag, m, "i");
        case AttributeProto.S -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "s");
          s = in.readBytes();
        }
        case AttributeProto.T -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "t");
          t = nested("TensorProto", this::readTensor);
        }
        case AttributeProto.G -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "g");
          g = nested("GraphProto", this::readGraph);
        }
        case AttributeProto.FLOATS -> fixed(tag, floats, m, "floats", false);
        case AttributeProto.INTS -> varints(tag, ints, m, "ints", false);
        case AttributeProto.STRINGS -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "strings");
          strings.add(in.readBytes());
        }
        case AttributeProto.TENSORS -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "tensors");
          tensors.add(nested("TensorProto", this::readTensor));
        }
        case AttributeProto.GRAPHS -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "graphs");
          graphs.add(nested("GraphProto", this::readGraph));
        }
        default -> in.skipField(tag);
      }
    }
    if ((type == AttributeProto.TYPE_TENSOR && t == null)
        || (type == AttributeProto.TYPE_GRAPH && g == null)) {
      throw error(
          m,
          "attribute '"
              + name
              + "' has type "
              + (t == null ? "TENSOR but no tensor (field t)" : "GRAPH but no graph (field g)"));
    }
    return new AttributeProto(
        name,
        type,
        f,
        i,
        s,
        t,
        g,
        floats(floats),
        ints.toArray(),
        List.copyOf(strings),
        List.copyOf(tensors),
        List.copyOf(graphs),
        ref,
        doc);
  }

  private ValueInfoProto readValueInfo() throws IOException {
    String m = "ValueInfoProto";
    String name = "", doc = "";
    TypeProto type = null;
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case ValueInfoProto.NAME -> name = string(tag, m, "name");
        case ValueInfoProto.TYPE -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "type");
          type = nested("TypeProto", this::readType);
        }
        case ValueInfoProto.DOC_STRING -> doc = string(tag, m, "doc_string");
        default -> in.skipField(tag);
      }
    }
    return new ValueInfoProto(name, type, doc);
  }

  private TypeProto readType() throws IOException {
    String m = "TypeProto";
    TypeProto result = new TypeProto(TypeProto.Kind.NONE, 0, null, null);
    for (int tag; (tag = in.readTag()) != 0; ) {
      int field = WireFormat.getTagFieldNumber(tag);
      switch (field) {
        case TypeProto.TENSOR_TYPE, TypeProto.SPARSE_TENSOR_TYPE -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "tensor_type");
          TypeProto.Kind kind =
              field == TypeProto.TENSOR_TYPE ? TypeProto.Kind.TENSOR : TypeProto.Kind.SPARSE_TENSOR;
          result = nested("TypeProto.Tensor", () -> readTensorType(kind));
        }
        case TypeProto.SEQUENCE_TYPE, TypeProto.OPTIONAL_TYPE -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "sequence_type");
          TypeProto.Kind kind =
              field == TypeProto.SEQUENCE_TYPE ? TypeProto.Kind.SEQUENCE : TypeProto.Kind.OPTIONAL;
          result = nested("TypeProto.Sequence", () -> readElementType(kind));
        }
        case TypeProto.MAP_TYPE -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "map_type");
          in.skipField(tag);
          result = new TypeProto(TypeProto.Kind.MAP, 0, null, null);
        }
        default -> in.skipField(tag);
      }
    }
    return result;
  }

  private TypeProto readTensorType(TypeProto.Kind kind) throws IOException {
    String m = "TypeProto.Tensor";
    int elem = 0;
    List<Dimension> shape = null;
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case TypeProto.ELEM_TYPE -> elem = int32(tag, m, "elem_type");
        case TypeProto.SHAPE -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "shape");
          shape = nested("TensorShapeProto", this::readShape);
        }
        default -> in.skipField(tag);
      }
    }
    return new TypeProto(kind, elem, shape, null);
  }

  private TypeProto readElementType(TypeProto.Kind kind) throws IOException {
    String m = "TypeProto.Sequence";
    TypeProto elem = null;
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (WireFormat.getTagFieldNumber(tag) == TypeProto.ELEM_TYPE) {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "elem_type");
        elem = nested("TypeProto", this::readType);
      } else {
        in.skipField(tag);
      }
    }
    return new TypeProto(kind, 0, null, elem);
  }

  private List<Dimension> readShape() throws IOException {
    String m = "TensorShapeProto";
    List<Dimension> dims = new ArrayList<>();
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (WireFormat.getTagFieldNumber(tag) == TypeProto.DIM) {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "dim");
        dims.add(nested("TensorShapeProto.Dimension", this::readDimension));
      } else {
        in.skipField(tag);
      }
    }
    return dims;
  }

  private Dimension readDimension() throws IOException {
    String m = "TensorShapeProto.Dimension";
    boolean has = false;
    long value = 0;
    String param = "";
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case Dimension.DIM_VALUE -> {
          value = int64(tag, m, "dim_value");
          has = true;
          param = "";
        }
        case Dimension.DIM_PARAM -> {
          param = string(tag, m, "dim_param");
          has = false;
        }
        default -> in.skipField(tag);
      }
    }
    return new Dimension(has, value, param);
  }

  private TensorProto readTensor() throws IOException {
    String m = "TensorProto";
    String name = "", doc = "";
    Longs dims = new Longs(), floats = new Longs(), int32s = new Longs(), int64s = new Longs();
    Longs doubles = new Longs(), uint64s = new Longs();
    int type = 0, location = 0;
    boolean segment = false;
    List<ByteString> strings = new ArrayList<>();
    List<StringEntry> external = new ArrayList<>();
    ByteString raw = null;
    for (int tag; (tag = in.readTag()) != 0; ) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case TensorProto.DIMS -> varints(tag, dims, m, "dims", false);
        case TensorProto.DATA_TYPE -> type = int32(tag, m, "data_type");
        case TensorProto.SEGMENT -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "segment");
          segment = true;
          in.skipField(tag);
        }
        case TensorProto.FLOAT_DATA -> fixed(tag, floats, m, "float_data", false);
        case TensorProto.INT32_DATA -> varints(tag, int32s, m, "int32_data", true);
        case TensorProto.STRING_DATA -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "string_data");
          strings.add(in.readBytes());
        }
        case TensorProto.INT64_DATA -> varints(tag, int64s, m, "int64_data", false);
        case TensorProto.NAME -> name = string(tag, m, "name");
        case TensorProto.DOC_STRING -> doc = string(tag, m, "doc_string");
        case TensorProto.RAW_DATA -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "raw_data");
          raw = in.readBytes();
        }
        case TensorProto.EXTERNAL_DATA -> {
          expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, m, "external_data");
          external.add(nested("StringStringEntryProto", this::readEntry));
        }
        case TensorProto.DATA_LOCATION -> location = int32(tag, m, "data_location");
        case TensorProto.DOUBLE_DATA -> fixed(tag, doubles, m, "double_data", true);
        case TensorProto.UINT64_DATA -> varints(tag, uint64s, m, "uint64_data", false);
        default -> in.skipField(tag);
      }
    }
    return new TensorProto(
        name,
        dims.toArray(),
        type,
        floats(floats),
        ints(int32s),
        int64s.toArray(),
        doubles(doubles),
        uint64s.toArray(),
        List.copyOf(strings),
        raw,
        List.copyOf(external),
        location,
        segment,
        doc);
  }
}
