package dev.nabla.onnx.internal.proto;

import java.util.List;

/**
 * {@code GraphProto}: nodes in topological order, initializers, the graph's inputs and outputs and
 * the intermediate values' types. {@code sparseInitializers} counts sparse initializers, which
 * nabla does not read.
 */
public record GraphProto(
    String name,
    List<NodeProto> nodes,
    List<TensorProto> initializers,
    List<ValueInfoProto> inputs,
    List<ValueInfoProto> outputs,
    List<ValueInfoProto> valueInfo,
    int sparseInitializers,
    String docString) {
  public static final int NODE = 1;
  public static final int NAME = 2;
  public static final int INITIALIZER = 5;
  public static final int DOC_STRING = 10;
  public static final int INPUT = 11;
  public static final int OUTPUT = 12;
  public static final int VALUE_INFO = 13;
  public static final int QUANTIZATION_ANNOTATION = 14;
  public static final int SPARSE_INITIALIZER = 15;

  public GraphProto {
    nodes = List.copyOf(nodes);
    initializers = List.copyOf(initializers);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    valueInfo = List.copyOf(valueInfo);
  }
}
