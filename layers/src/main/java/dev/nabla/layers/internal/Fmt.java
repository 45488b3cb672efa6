package dev.nabla.layers.internal;

import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.Map;

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

  /** A tensor's dtype and shape, {@code "FLOAT32 [2, 3]"}. */
  public static String describe(Tensor t) {
    return t.dtype() + " " + Arrays.toString(t.shape());
  }

  /**
   * A module's one-line name in messages: {@code type}, followed by {@code extra} in parentheses
   * when there is one, e.g. {@code Dense(784 -> 100)} or {@code Tanh}.
   */
  public static String label(String type, String extra) {
    return extra.isEmpty() ? type : type + "(" + extra + ")";
  }

  /**
   * PyTorch's repr of a module: {@code type(extra)}, and for a module with children one line per
   * child, {@code (name): child}, indented.
   */
  public static String repr(String type, String extra, Map<String, ?> children) {
    if (children.isEmpty()) {
      return type + "(" + extra + ")";
    }
    StringBuilder sb = new StringBuilder(type).append('(').append(extra).append('\n');
    children.forEach(
        (n, m) ->
            sb.append("  (")
                .append(n)
                .append("): ")
                .append(m.toString().replace("\n", "\n  "))
                .append('\n'));
    return sb.append(')').toString();
  }

  /**
   * The message of an op's own error met inside the module labelled {@code own}, at model path
   * {@code path} (empty for a module that is no one's child): {@code msg} prefixed with both,
   * unless it already starts with the module's label.
   */
  public static String attributed(String own, String path, String msg) {
    return msg.startsWith(own + ":")
        ? msg
        : own + (path.isEmpty() ? "" : " at model path '" + path + "'") + ": " + msg;
  }

  /** Fails with {@code "<layer>: <what> must be >= <min>, got <v>"} unless {@code v >= min}. */
  public static int atLeast(String layer, String what, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(layer + ": " + what + " must be >= " + min + ", got " + v);
    }
    return v;
  }
}
