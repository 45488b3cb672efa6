package dev.nabla.examples;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The machine-readable last line of every example: {@code result: key=value ...}. */
final class Result {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final long start = System.nanoTime();

  Result put(String key, double value) {
    values.put(key, String.format(Locale.ROOT, "%.4f", value));
    return this;
  }

  Result put(String key, long value) {
    values.put(key, Long.toString(value));
    return this;
  }

  /** Prints the line, with {@code seconds} since this object was made appended. */
  void print() {
    values.put("seconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    StringBuilder sb = new StringBuilder("result:");
    values.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    System.out.println(sb);
  }
}
