package dev.nabla.train.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formats of the history CSV: stable across locales and readable by NumPy and pandas. */
public final class Numbers {
  private static final MathContext SIX = new MathContext(6);

  private Numbers() {}

  /**
   * Six significant digits without trailing zeros ({@code 0.123457}, {@code 2.5}, {@code 100});
   * scientific below 1e-6 ({@code 1.2E-7}); {@code inf}, {@code -inf}; empty for NaN, which CSV
   * readers take as a missing value.
   */
  public static String significant(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(SIX).stripTrailingZeros();
    return Math.abs(v) >= 1e-6 ? d.toPlainString() : d.toString();
  }

  /** {@code digits} decimals, {@code Locale.ROOT}; empty for NaN. */
  public static String fixed(double v, int digits) {
    if (Double.isNaN(v)) {
      return "";
    }
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /**
   * Reads what {@link #significant} or {@link #fixed} wrote: a decimal number, {@code inf}, {@code
   * -inf}, or an empty field (NaN).
   *
   * @throws NumberFormatException when {@code field} is none of these
   */
  public static double parse(String field) {
    String s = field.strip();
    return switch (s) {
      case "" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        if (!s.matches("-?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?")) {
          throw new NumberFormatException("'" + s + "' is not a number");
        }
        yield Double.parseDouble(s);
      }
    };
  }
}
