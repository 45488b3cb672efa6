package dev.nabla.onnx.internal.proto;

import java.util.List;

/** {@code NodeProto}: one operator call; an empty input or output name is an omitted optional. */
public record NodeProto(
    List<String> inputs,
    List<String> outputs,
    String name,
    String opType,
    String domain,
    List<AttributeProto> attributes,
    String docString) {
  public static final int INPUT = 1;
  public static final int OUTPUT = 2;
  public static final int NAME = 3;
  public static final int OP_TYPE = 4;
  public static final int ATTRIBUTE = 5;
  public static final int DOC_STRING = 6;
  public static final int DOMAIN = 7;

  public NodeProto {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = List.copyOf(attributes);
  }
}
