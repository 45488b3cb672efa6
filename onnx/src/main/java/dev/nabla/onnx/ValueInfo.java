package dev.nabla.onnx;

import dev.nabla.core.DType;
import java.util.List;

/**
 * A model input's or output's declared type: its name, ONNX element type ({@code "float"}, {@code
 * "int64"}, …), the nabla dtype it maps to (null when nabla has none), and its shape ({@code null}
 * when the model does not declare one).
 */
public record ValueInfo(String name, String elementType, DType dtype, List<Dim> shape) {
  public ValueInfo {
    shape = shape == null ? null : List.copyOf(shape);
  }

  /** The rank, or -1 when the shape is not declared. */
  public int rank() {
    return shape == null ? -1 : shape.size();
  }

  @Override
  public String toString() {
    return name + ": " + elementType + (shape == null ? "[?]" : shape.toString());
  }
}
