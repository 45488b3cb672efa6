package dev.nabla.onnx.internal.proto;

/** {@code StringStringEntryProto}: a key and a value (metadata, external-data locations). */
public record StringEntry(String key, String value) {
  public static final int KEY = 1;
  public static final int VALUE = 2;
}
