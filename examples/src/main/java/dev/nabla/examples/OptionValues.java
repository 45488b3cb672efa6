package dev.nabla.examples;

import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values checked as they are parsed, so that a bad one stops the command line before any
 * work, with a message saying what is allowed and what was given (picocli prefixes the option).
 */
final class OptionValues {
  private OptionValues() {}

  /** A whole number of at least 1 (epochs, batch size, threads). */
  static final class AtLeastOne implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return parse(value, "a whole number of at least 1", Integer::parseInt, n -> n >= 1);
    }
  }

  /** A finite number greater than 0 (learning rate). */
  static final class PositiveFinite implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return parse(
          value,
          "a finite number greater than 0",
          Double::parseDouble,
          x -> x > 0 && !x.isInfinite());
    }
  }

  /** A finite number of at least 0 (weight decay). */
  static final class NonNegativeFinite implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return parse(
          value,
          "a finite number of at least 0",
          Double::parseDouble,
          x -> x >= 0 && !x.isInfinite());
    }
  }

  /** A whole number of at least 0 (top-k, where 0 means all). */
  static final class NonNegativeWhole implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return parse(value, "a whole number of at least 0", Integer::parseInt, n -> n >= 0);
    }
  }

  /** Any whole number that fits 64 bits (seeds). */
  static final class WholeNumber implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parse(value, "a whole number (64-bit)", Long::parseLong, x -> true);
    }
  }

  private static <T> T parse(
      String value, String expected, Function<String, T> parser, Predicate<T> allowed) {
    T parsed;
    try {
      parsed = parser.apply(value.trim());
    } catch (NumberFormatException e) {
      parsed = null;
    }
    if (parsed == null || !allowed.test(parsed)) {
      throw new TypeConversionException("expected " + expected + ", got '" + value + "'");
    }
    return parsed;
  }
}
