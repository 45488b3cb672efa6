package dev.nabla.onnx;

/**
 * One dimension of a declared shape: a fixed {@code size} ({@code >= 0}), or a symbolic one ({@code
 * size == -1}) with its {@code symbol} ({@code "batch"}; empty when the model names none).
 */
public record Dim(long size, String symbol) {
  /** A fixed size. */
  public static Dim of(long size) {
    return new Dim(size, "");
  }

  /** A symbolic dimension. */
  public static Dim symbolic(String symbol) {
    return new Dim(-1, symbol);
  }

  public boolean isFixed() {
    return size >= 0;
  }

  @Override
  public String toString() {
    return size >= 0 ? Long.toString(size) : symbol.isEmpty() ? "?" : symbol;
  }
}
