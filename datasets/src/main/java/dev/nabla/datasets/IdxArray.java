package dev.nabla.datasets;

import java.util.Arrays;

/**
 * The content of an IDX file: its dimensions and its unsigned-byte payload, row-major. The arrays
 * are not copied (they can be tens of megabytes); treat them as read-only.
 *
 * @param shape the dimensions from the header, e.g. {@code [10000, 28, 28]}
 * @param data the payload, {@code shape[0] * shape[1] * ...} bytes; read values with {@link
 *     #unsigned(int)}
 */
public record IdxArray(int[] shape, byte[] data) {
  /** Checks that the payload matches the shape. */
  public IdxArray {
    if (shape == null || data == null) {
      throw new IllegalArgumentException(
          "IdxArray: shape and data must not be null, got shape=" + Arrays.toString(shape));
    }
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "IdxArray: negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "IdxArray: shape " + Arrays.toString(shape) + " is too large");
      }
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "IdxArray: shape "
              + Arrays.toString(shape)
              + " needs "
              + n
              + " bytes, data holds "
              + data.length);
    }
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The first dimension: the number of items (images, labels) in an MNIST-style file. */
  public int count() {
    return shape[0];
  }

  /** Payload byte {@code i} as an unsigned value, 0 to 255. */
  public int unsigned(int i) {
    return data[i] & 0xff;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxArray other
        && Arrays.equals(shape, other.shape)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "IdxArray[shape=" + Arrays.toString(shape) + ", " + data.length + " bytes]";
  }
}
