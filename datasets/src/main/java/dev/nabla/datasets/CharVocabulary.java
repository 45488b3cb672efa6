package dev.nabla.datasets;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The characters of a character-level language model: the distinct Unicode code points of a text,
 * sorted by value, character {@code k} having id {@code k}. {@link #encode(String)} turns text into
 * ids for a {@link TextDataset} and an embedding, {@link #decode(int[])} turns a model's ids back
 * into text.
 *
 * <pre>{@code
 * CharVocabulary vocab = CharVocabulary.of(text);   // e.g. 81 characters for Austen's novels
 * int[] ids = vocab.encode("Emma");                 // one id per code point
 * String back = vocab.decode(ids);                  // "Emma"
 * }</pre>
 *
 * <p>Code points, not Java {@code char}s: a character outside the Basic Multilingual Plane (an
 * emoji) is one id, not two surrogates. Immutable and safe to share between threads.
 */
public final class CharVocabulary {
  /** The code points, sorted ascending, distinct; the id of {@code codePoints[k]} is {@code k}. */
  private final int[] codePoints;

  private CharVocabulary(int[] sortedDistinct) {
    this.codePoints = sortedDistinct;
  }

  /**
   * The distinct code points of {@code text}.
   *
   * @throws IllegalArgumentException if the text is null or empty
   */
  public static CharVocabulary of(String text) {
    return of(List.of(checkText("CharVocabulary.of", text)));
  }

  /**
   * The distinct code points of all of {@code texts} (e.g. the documents of a corpus).
   *
   * @throws IllegalArgumentException if there are no texts, one is null, or all are empty
   */
  public static CharVocabulary of(Collection<String> texts) {
    if (texts == null || texts.isEmpty() || texts.stream().anyMatch(t -> t == null)) {
      throw new IllegalArgumentException(
          "CharVocabulary.of: expected one or more texts, none null, got "
              + (texts == null ? "null" : texts.isEmpty() ? "none" : "a null text"));
    }
    // Below 2^16 a presence table (8 KiB) is exact and fast; above it, sort and deduplicate.
    boolean[] bmp = new boolean[Character.MAX_VALUE + 1];
    int[] others = new int[0];
    int nOthers = 0;
    for (String text : texts) {
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        i += Character.charCount(cp);
        if (cp <= Character.MAX_VALUE) {
          bmp[cp] = true;
        } else {
          if (nOthers == others.length) {
            others = Arrays.copyOf(others, Math.max(16, 2 * nOthers));
          }
          others[nOthers++] = cp;
        }
      }
    }
    int[] sorted = new int[0];
    int n = 0;
    for (int cp = 0; cp < bmp.length; cp++) {
      if (bmp[cp]) {
        if (n == sorted.length) {
          sorted = Arrays.copyOf(sorted, Math.max(128, 2 * n));
        }
        sorted[n++] = cp;
      }
    }
    int[] rest = Arrays.stream(others, 0, nOthers).sorted().distinct().toArray();
    if (n + rest.length == 0) {
      throw new IllegalArgumentException(
          "CharVocabulary.of: expected text with at least one character, got "
              + texts.size()
              + " empty text(s)");
    }
    int[] all = Arrays.copyOf(sorted, n + rest.length);
    System.arraycopy(rest, 0, all, n, rest.length);
    return new CharVocabulary(all);
  }

  /**
   * A vocabulary of exactly these code points, id {@code k} for the {@code k}-th smallest (e.g. to
   * rebuild one saved with {@link #codePoints()}).
   *
   * @throws IllegalArgumentException if there are none, one is not a valid code point, or one
   *     repeats
   */
  public static CharVocabulary ofCodePoints(int... codePoints) {
    if (codePoints == null || codePoints.length == 0) {
      throw new IllegalArgumentException(
          "CharVocabulary.ofCodePoints: expected at least one code point, got "
              + Arrays.toString(codePoints));
    }
    int[] sorted = codePoints.clone();
    Arrays.sort(sorted);
    for (int k = 0; k < sorted.length; k++) {
      if (!Character.isValidCodePoint(sorted[k])) {
        throw new IllegalArgumentException(
            "CharVocabulary.ofCodePoints: expected code points in [0, 0x10FFFF], got " + sorted[k]);
      }
      if (k > 0 && sorted[k] == sorted[k - 1]) {
        throw new IllegalArgumentException(
            "CharVocabulary.ofCodePoints: expected distinct code points, got "
                + describe(sorted[k])
                + " twice");
      }
    }
    return new CharVocabulary(sorted);
  }

  /** The number of characters, the ids being {@code 0 .. size() - 1}. */
  public int size() {
    return codePoints.length;
  }

  /** The code points, sorted; index {@code k} holds the character of id {@code k} (a copy). */
  public int[] codePoints() {
    return codePoints.clone();
  }

  /** Whether {@code codePoint} is in the vocabulary. */
  public boolean contains(int codePoint) {
    return Arrays.binarySearch(codePoints, codePoint) >= 0;
  }

  /**
   * The id of {@code codePoint}.
   *
   * @throws IllegalArgumentException if it is not in the vocabulary
   */
  public int id(int codePoint) {
    int k = Arrays.binarySearch(codePoints, codePoint);
    if (k < 0) {
      throw new IllegalArgumentException(
          "CharVocabulary.id: " + describe(codePoint) + " is not in the vocabulary" + ofSize());
    }
    return k;
  }

  /**
   * The code point of id {@code id}.
   *
   * @throws IllegalArgumentException if {@code id} is not in {@code [0, size())}
   */
  public int codePoint(int id) {
    if (id < 0 || id >= codePoints.length) {
      throw new IllegalArgumentException(
          "CharVocabulary.codePoint: expected an id in [0, " + size() + "), got " + id);
    }
    return codePoints[id];
  }

  /**
   * One id per code point of {@code text}.
   *
   * @throws IllegalArgumentException if the text is null or holds a character not in the vocabulary
   *     (the message names it and its position, counted in code points from 0)
   */
  public int[] encode(String text) {
    if (text == null) {
      throw new IllegalArgumentException("CharVocabulary.encode: expected a text, got null");
    }
    int[] ids = new int[text.codePointCount(0, text.length())];
    int position = 0;
    for (int i = 0; i < text.length(); position++) {
      int cp = text.codePointAt(i);
      int k = Arrays.binarySearch(codePoints, cp);
      if (k < 0) {
        throw new IllegalArgumentException(
            "CharVocabulary.encode: "
                + describe(cp)
                + " at position "
                + position
                + " (char index "
                + i
                + ") is not in the vocabulary"
                + ofSize());
      }
      ids[position] = k;
      i += Character.charCount(cp);
    }
    return ids;
  }

  /**
   * The text of {@code ids}.
   *
   * @throws IllegalArgumentException if an id is not in {@code [0, size())} (the message names it
   *     and its position)
   */
  public String decode(int[] ids) {
    if (ids == null) {
      throw new IllegalArgumentException("CharVocabulary.decode: expected ids, got null");
    }
    StringBuilder sb = new StringBuilder(ids.length);
    for (int p = 0; p < ids.length; p++) {
      int id = ids[p];
      if (id < 0 || id >= codePoints.length) {
        throw new IllegalArgumentException(
            "CharVocabulary.decode: expected ids in [0, "
                + size()
                + "), got "
                + id
                + " at position "
                + p);
      }
      sb.appendCodePoint(codePoints[id]);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CharVocabulary v && Arrays.equals(codePoints, v.codePoints);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(codePoints);
  }

  /** E.g. {@code CharVocabulary[81 characters: "\n !\"&'()*,-.0...£"]}. */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("CharVocabulary[").append(size()).append(" characters: \"");
    for (int cp : codePoints) {
      switch (cp) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (Character.isISOControl(cp)) {
            sb.append(String.format("\\u%04x", cp));
          } else {
            sb.appendCodePoint(cp);
          }
        }
      }
    }
    return sb.append("\"]").toString();
  }

  private String ofSize() {
    return " of " + size() + " characters";
  }

  /** E.g. {@code character 'é' (U+00E9)}. */
  static String describe(int codePoint) {
    String shown =
        Character.isISOControl(codePoint) || !Character.isValidCodePoint(codePoint)
            ? ""
            : "'" + Character.toString(codePoint) + "' ";
    return "character " + shown + String.format("(U+%04X)", codePoint);
  }

  private static String checkText(String op, String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException(
          op
              + ": expected text with at least one character, got "
              + (text == null ? "null" : "\"\""));
    }
    return text;
  }
}
