package io.signpost.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextCutTest {

  private static final String GRINNING_FACE = "\uD83D\uDE00";

  @Test
  void textWithinTheBoundIsReturnedAsItIs() {
    String text = "abc";

    assertThat(TextCut.prefix(text, 3)).isSameAs(text);
    assertThat(TextCut.abbreviate(text, 3)).isSameAs(text);
    assertThat(TextCut.prefix("", 0)).isEmpty();
  }

  @Test
  void prefixKeepsAtMostTheGivenNumberOfCharacters() {
    assertThat(TextCut.prefix("abcdef", 4)).isEqualTo("abcd");
    assertThat(TextCut.prefix("abcdef", 0)).isEmpty();
  }

  @Test
  void prefixNeverSplitsASurrogatePair() {
    String text = "ab" + GRINNING_FACE + "cd";

    assertThat(TextCut.prefix(text, 3)).isEqualTo("ab");
    assertThat(TextCut.prefix(text, 4)).isEqualTo("ab" + GRINNING_FACE);
    assertThat(TextCut.prefix(GRINNING_FACE.repeat(10), 7)).isEqualTo(GRINNING_FACE.repeat(3));
  }

  @Test
  void abbreviateEndsWithAMarkerCountingWhatWasLeftOut() {
    String text = "x".repeat(100);

    String cut = TextCut.abbreviate(text, 40);

    assertThat(cut).isEqualTo("x".repeat(17) + "… (83 more characters)");
  }

  @Test
  void abbreviateStaysWithinTheBoundAcrossDigitCounts() {
    for (int length = 1; length <= 2000; length++) {
      String text = "y".repeat(length);
      String cut = TextCut.abbreviate(text, 30);
      assertThat(cut.length()).isLessThanOrEqualTo(30);
      if (length > 30) {
        int kept = cut.indexOf('…');
        assertThat(cut).endsWith("(" + (length - kept) + " more characters)");
      }
    }
  }

  @Test
  void abbreviateNeverSplitsASurrogatePair() {
    String cut = TextCut.abbreviate(GRINNING_FACE.repeat(100), 40);

    assertThat(cut.codePoints().filter(cp -> cp >= 0xD800 && cp <= 0xDFFF)).isEmpty();
    assertThat(cut.length()).isLessThanOrEqualTo(40);
  }

  @Test
  void boundTooSmallForTheMarkerGivesThePlainPrefix() {
    assertThat(TextCut.abbreviate("abcdefghij", 5)).isEqualTo("abcde");
  }

  @Test
  void rejectsANegativeBound() {
    assertThatThrownBy(() -> TextCut.prefix("a", -1)).hasMessage("maxChars: -1 (expected: >= 0)");
  }
}
