package io.signpost.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The glob agrees with an independent regular-expression reading of path.Match semantics on
 * hostnames (no {@code /}: Go does not backtrack when a class matched a slash; the table test
 * covers slashes).
 */
class HostnamePatternPropertyTest {

  private static final List<String> TOKENS =
      List.of("a", "b", ".", "-", "*", "?", "[ab]", "[^a]", "[a-c]", "\\*", "**");

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.of(TOKENS)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .map(tokens -> String.join("", tokens))
        .filter(p -> !p.endsWith("."));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings()
        .withChars("ab.-c*")
        .ofMinLength(1)
        .ofMaxLength(8)
        .filter(n -> !n.endsWith("."));
  }

  @Property(tries = 3000)
  void agreesWithRegex(@ForAll("patterns") String pattern, @ForAll("names") String name) {
    boolean expected = toRegex(pattern).matcher(name).matches();
    assertThat(HostnamePattern.compile(pattern).matches(name))
        .as("%s ~ %s", pattern, name)
        .isEqualTo(expected);
  }

  @Property(tries = 500)
  void escapedLiteralMatchesOnlyItself(@ForAll("names") String name) {
    String escaped = name.replaceAll("([*?\\[\\\\])", "\\\\$1");
    HostnamePattern p = HostnamePattern.compile(escaped);
    assertThat(p.matches(name)).isTrue();
    assertThat(p.matches(name + "x")).isFalse();
  }

  private static Pattern toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '\\' -> re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
        case '[' -> {
          int end = glob.indexOf(']', i);
          String body = glob.substring(i + 1, end);
          re.append('[').append(body).append(']');
          i = end;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
