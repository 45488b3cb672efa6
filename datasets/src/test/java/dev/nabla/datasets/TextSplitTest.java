package dev.nabla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Documents split by position: the last part of each for validation. */
class TextSplitTest {
  @Test
  void theLastTenthOfEachDocumentIsHeldOut() {
    String a = "0123456789".repeat(3); // 30 code points: 3 held out
    String b = "abcdefghijklmno"; // 15: round(1.5) = 2 held out
    TextSplit s = TextSplit.byPosition(List.of(a, b));
    assertThat(s.train()).containsExactly(a.substring(0, 27), "abcdefghijklm");
    assertThat(s.validation()).containsExactly("789", "no");
    assertThat(TextSplit.DEFAULT_VALIDATION_FRACTION).isEqualTo(0.1);
  }

  @Test
  void theCutCountsCodePointsAndNeverSplitsASurrogatePair() {
    String face = "\uD83D\uDE00";
    String doc = "abcdefgh" + face + face; // 10 code points, 12 chars
    TextSplit s = TextSplit.byPosition(List.of(doc), 0.2);
    assertThat(s.train()).containsExactly("abcdefgh");
    assertThat(s.validation()).containsExactly(face + face);
  }

  @Test
  void fractionsZeroAndOneAndShortDocuments() {
    assertThat(TextSplit.byPosition(List.of("abc"), 0).validation()).containsExactly("");
    assertThat(TextSplit.byPosition(List.of("abc"), 1).train()).containsExactly("");
    assertThat(TextSplit.byPosition(List.of("abcd")).validation()).containsExactly("");
    assertThat(TextSplit.byPosition(List.of("abcde")).validation()).containsExactly("e");
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> TextSplit.byPosition(List.of("a"), 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TextSplit.byPosition: expected a validation fraction in [0, 1], got 1.5");
    assertThatThrownBy(() -> TextSplit.byPosition(List.of("a"), Double.NaN))
        .hasMessage("TextSplit.byPosition: expected a validation fraction in [0, 1], got NaN");
    assertThatThrownBy(() -> TextSplit.byPosition(List.of()))
        .hasMessage("TextSplit.byPosition: expected one or more documents, none null, got none");
    assertThatThrownBy(() -> TextSplit.byPosition(Arrays.asList("a", null)))
        .hasMessage(
            "TextSplit.byPosition: expected one or more documents, none null, got a null document");
    assertThatThrownBy(() -> new TextSplit(List.of("a"), List.of()))
        .hasMessage(
            "TextSplit: expected a train and a validation list of the same length, got 1 and 0");
  }
}
