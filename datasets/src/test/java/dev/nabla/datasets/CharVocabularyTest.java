package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The characters of a text, sorted, as ids; round trips and the errors. */
class CharVocabularyTest {
  @Test
  void idsAreTheRanksOfTheSortedDistinctCodePoints() {
    CharVocabulary v = CharVocabulary.of("hello, world");
    assertThat(v.size()).isEqualTo(9);
    assertThat(v.codePoints()).containsExactly(' ', ',', 'd', 'e', 'h', 'l', 'o', 'r', 'w');
    assertThat(v.encode("hello")).containsExactly(4, 3, 5, 5, 6);
    assertThat(v.decode(new int[] {8, 6, 7, 5, 2})).isEqualTo("world");
    assertThat(v.id('l')).isEqualTo(5);
    assertThat(v.codePoint(0)).isEqualTo(' ');
    assertThat(v.contains('z')).isFalse();
    assertThat(v.encode("")).isEmpty();
    assertThat(v.decode(new int[0])).isEmpty();
    assertThat(v.toString()).isEqualTo("CharVocabulary[9 characters: \" ,dehlorw\"]");
  }

  @Test
  void codePointsOutsideTheBmpAreOneIdEach() {
    String text =
        "a£€\uD83D\uDE00b\n"; // a, pound, euro, grinning face (a surrogate pair), b, newline
    CharVocabulary v = CharVocabulary.of(text);
    assertThat(v.size()).isEqualTo(6);
    assertThat(v.codePoints()).containsExactly('\n', 'a', 'b', 0xA3, 0x20AC, 0x1F600);
    int[] ids = v.encode(text);
    assertThat(ids).containsExactly(1, 3, 4, 5, 2, 0);
    assertThat(v.decode(ids)).isEqualTo(text);
    assertThat(v.toString()).isEqualTo("CharVocabulary[6 characters: \"\\nab£€\uD83D\uDE00\"]");
  }

  @Test
  void aVocabularyOfSeveralTextsIsTheUnionAndEqualsOneBuiltFromItsCodePoints() {
    CharVocabulary v = CharVocabulary.of(List.of("abc", "", "cde"));
    assertThat(v.codePoints()).containsExactly('a', 'b', 'c', 'd', 'e');
    assertThat(CharVocabulary.ofCodePoints('e', 'a', 'c', 'b', 'd'))
        .isEqualTo(v)
        .hasSameHashCodeAs(v);
    assertThat(CharVocabulary.of("abc")).isNotEqualTo(v);
    int[] copy = v.codePoints();
    copy[0] = 'z';
    assertThat(v.codePoints()[0]).isEqualTo('a');
  }

  @Test
  void anUnknownCharacterIsNamedWithItsPosition() {
    CharVocabulary v = CharVocabulary.of("abc");
    assertThatThrownBy(() -> v.encode("abxc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CharVocabulary.encode: character 'x' (U+0078) at position 2 (char index 2)"
                + " is not in the vocabulary of 3 characters");
    // after a surrogate pair the code point position and the char index differ
    CharVocabulary w = CharVocabulary.of("a\uD83D\uDE00");
    assertThatThrownBy(() -> w.encode("\uD83D\uDE00a£"))
        .hasMessage(
            "CharVocabulary.encode: character '£' (U+00A3) at position 2 (char index 3)"
                + " is not in the vocabulary of 2 characters");
    assertThatThrownBy(() -> v.encode("a\tb"))
        .hasMessageStartingWith("CharVocabulary.encode: character (U+0009) at position 1");
    assertThatThrownBy(() -> v.id('q'))
        .hasMessage(
            "CharVocabulary.id: character 'q' (U+0071) is not in the vocabulary of 3 characters");
    assertThatThrownBy(() -> v.decode(new int[] {0, 3}))
        .hasMessage("CharVocabulary.decode: expected ids in [0, 3), got 3 at position 1");
    assertThatThrownBy(() -> v.codePoint(-1))
        .hasMessage("CharVocabulary.codePoint: expected an id in [0, 3), got -1");
    assertThatThrownBy(() -> v.encode(null))
        .hasMessage("CharVocabulary.encode: expected a text, got null");
    assertThatThrownBy(() -> v.decode(null))
        .hasMessage("CharVocabulary.decode: expected ids, got null");
  }

  @Test
  void emptyTextHasNoVocabulary() {
    assertThatThrownBy(() -> CharVocabulary.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CharVocabulary.of: expected text with at least one character, got \"\"");
    assertThatThrownBy(() -> CharVocabulary.of((String) null))
        .hasMessage("CharVocabulary.of: expected text with at least one character, got null");
    assertThatThrownBy(() -> CharVocabulary.of(List.of("", "")))
        .hasMessage(
            "CharVocabulary.of: expected text with at least one character, got 2 empty text(s)");
    assertThatThrownBy(() -> CharVocabulary.of(List.of()))
        .hasMessage("CharVocabulary.of: expected one or more texts, none null, got none");
    assertThatThrownBy(() -> CharVocabulary.of(Arrays.asList("a", null)))
        .hasMessage("CharVocabulary.of: expected one or more texts, none null, got a null text");
    assertThatThrownBy(() -> CharVocabulary.ofCodePoints())
        .hasMessage("CharVocabulary.ofCodePoints: expected at least one code point, got []");
    assertThatThrownBy(() -> CharVocabulary.ofCodePoints('a', 'b', 'a'))
        .hasMessage(
            "CharVocabulary.ofCodePoints: expected distinct code points, got character 'a' (U+0061) twice");
    assertThatThrownBy(() -> CharVocabulary.ofCodePoints(-5))
        .hasMessage("CharVocabulary.ofCodePoints: expected code points in [0, 0x10FFFF], got -5");
  }
}
