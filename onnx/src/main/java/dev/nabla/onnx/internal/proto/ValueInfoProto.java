package dev.nabla.onnx.internal.proto;

/** {@code ValueInfoProto}: a named value's type ({@code type == null}: not given). */
public record ValueInfoProto(String name, TypeProto type, String docString) {
  public static final int NAME = 1;
  public static final int TYPE = 2;
  public static final int DOC_STRING = 3;
}
