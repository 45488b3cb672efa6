package dev.nabla.layers.internal;

import dev.nabla.core.Tensor;
import java.util.Arrays;

/** Text for layer reprs and messages. */
public final class Fmt {
  private Fmt() {}

  /**
   * A double the way Python prints it in a PyTorch repr: {@code 0.1}, {@code 1e-05}, {@code 0.5}.
   */
  public static String number(double v) {
    String s = Double.toString(v);
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    String mantissa = s.substring(0, e);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    int exp = Integer.parseInt(s.substring(e + 1));
    return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }

  /** A tensor's shape, {@code [32, 784]}. */
  public static String shape(Tensor t) {
    return Arrays.toString(t.shape());
  }

  /** Fails with {@code "<layer>: <what> must be >= <min>, got <v>"} unless {@code v >= min}. */
  public static int atLeast(String layer, String what, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(layer + ": " + what + " must be >= " + min + ", got " + v);
    }
    return v;
  }
}
