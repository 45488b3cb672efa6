package dev.nabla.onnx.internal.proto;

import java.io.IOException;

/** A malformed protobuf message: the message says which file, message, field and byte offset. */
public final class ProtoException extends IOException {
  private static final long serialVersionUID = 1L;

  public ProtoException(String message) {
    super(message);
  }

  public ProtoException(String message, Throwable cause) {
    super(message, cause);
  }
}
