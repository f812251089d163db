package io.signpost.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostnamePatternTest {

  /** The rows of Go's path.Match test table that are valid patterns. */
  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "abc|abc|true",
        "*|abc|true",
        "*c|abc|true",
        "a*|a|true",
        "a*|abc|true",
        "a*|ab/c|false",
        "a*/b|abc/b|true",
        "a*/b|a/c/b|false",
        "a*b*c*d*e*/f|axbxcxdxe/f|true",
        "a*b*c*d*e*/f|axbxcxdxexxx/f|true",
        "a*b*c*d*e*/f|axbxcxdxe/xxx/f|false",
        "a*b*c*d*e*/f|axbxcxdxexxx/fff|false",
        "a*b?c*x|abxbbxdbxebxczzx|true",
        "a*b?c*x|abxbbxdbxebxczzy|false",
        "ab[c]|abc|true",
        "ab[b-d]|abc|true",
        "ab[e-g]|abc|false",
        "ab[^c]|abc|false",
        "ab[^b-d]|abc|false",
        "ab[^e-g]|abc|true",
        "a\\*b|a*b|true",
        "a\\*b|ab|false",
        "a?b|a☺b|true",
        "a[^a]b|a☺b|true",
        "a???b|a☺b|false",
        "a[^a][^a][^a]b|a☺b|false",
        "[a-ζ]*|α|true",
        "a?b|a/b|false",
        "a*b|a/b|false",
        "[\\]a]|]|true",
        "[\\-]|-|true",
        "[x\\-]|x|true",
        "[x\\-]|-|true",
        "[x\\-]|z|false",
        "[\\-x]|x|true",
        "[\\-x]|-|true",
        "[\\-x]|a|false",
        "*x|xxx|true",
      })
  void matchesLikeGoPathMatch(String pattern, String name, boolean expected) {
    assertThat(HostnamePattern.compile(pattern).matches(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[", "[^", "[^bc", "a[", "a/b[", "", " ",
        "."
      })
  void rejectsBadPatterns(String pattern) {
    assertThatIllegalArgumentException().isThrownBy(() -> HostnamePattern.compile(pattern));
  }

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*.example.com|play.example.com|true",
        "*.example.com|example.com|false",
        "*.example.com|a.b.example.com|true",
        "*.EXAMPLE.com|Play.Example.COM.|true",
        "play.example.com.|PLAY.example.com|true",
        "eu-?.example.com|eu-1.example.com|true",
        "eu-?.example.com|eu-12.example.com|false",
        "eu-[0-9].example.com|eu-7.example.com|true",
        "eu-[^0-9].example.com|eu-7.example.com|false",
        "eu-[!0-9].example.com|eu-!.example.com|true",
        "[A-C]*.example.com|beta.example.com|true",
        "*|anything.at.all|true",
      })
  void matchesHostnamesCaseInsensitivelyIgnoringTrailingDot(
      String pattern, String sni, boolean expected) {
    assertThat(HostnamePattern.compile(pattern).matches(HostnamePattern.canonicalHost(sni)))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "a*", "?"})
  void emptySniNeverMatches(String pattern) {
    assertThat(HostnamePattern.compile(pattern).matches("")).isFalse();
  }
}
