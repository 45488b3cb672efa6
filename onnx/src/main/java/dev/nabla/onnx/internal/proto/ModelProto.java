package dev.nabla.onnx.internal.proto;

import java.util.List;

/**
 * {@code ModelProto}: the file's top-level message. {@code functions} and {@code trainingInfo}
 * count model-local functions and training info, which nabla does not read.
 */
public record ModelProto(
    long irVersion,
    List<OperatorSetId> opsetImports,
    String producerName,
    String producerVersion,
    String domain,
    long modelVersion,
    String docString,
    GraphProto graph,
    List<StringEntry> metadata,
    int functions,
    int trainingInfo) {
  public static final int IR_VERSION = 1;
  public static final int PRODUCER_NAME = 2;
  public static final int PRODUCER_VERSION = 3;
  public static final int DOMAIN = 4;
  public static final int MODEL_VERSION = 5;
  public static final int DOC_STRING = 6;
  public static final int GRAPH = 7;
  public static final int OPSET_IMPORT = 8;
  public static final int METADATA_PROPS = 14;
  public static final int TRAINING_INFO = 20;
  public static final int FUNCTIONS = 25;

  public ModelProto {
    opsetImports = List.copyOf(opsetImports);
    metadata = List.copyOf(metadata);
  }
}
