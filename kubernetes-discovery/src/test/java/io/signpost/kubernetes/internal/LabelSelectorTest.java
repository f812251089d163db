package io.signpost.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.kubernetes.internal.LabelSelector.InvalidSelectorException;
import io.signpost.kubernetes.internal.LabelSelector.Operator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {

  private static final Map<String, String> LABELS =
      Map.of("app", "game", "region", "eu", "tier", "3", "agones.dev/fleet", "hytale");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|true",
        "app=game|true",
        "app == game|true",
        "app!=game|false",
        "app=lobby|false",
        "app!=lobby|true",
        "region in (eu,us)|true",
        "region in ( us , ap )|false",
        "region notin (us)|true",
        "missing notin (us)|true",
        "missing in (us)|false",
        "app|true",
        "!app|false",
        "!missing|true",
        "tier>2|true",
        "tier<3|false",
        "missing>1|false",
        "agones.dev/fleet=hytale,app=game|true",
        "agones.dev/fleet=hytale,app=lobby|false",
        "app=game, region in (eu),  !draining|true",
      })
  void matchesAsKubernetesDoes(String expression, boolean matches) throws Exception {
    assertThat(LabelSelector.parse(expression).matches(LABELS)).isEqualTo(matches);
  }

  @Test
  void keepsTheExpressionForTheApiServerAndItsRequirements() throws Exception {
    LabelSelector s = LabelSelector.parse("  app=game,region in (eu,us) ");

    assertThat(s.expression()).isEqualTo("app=game,region in (eu,us)");
    assertThat(s.requirements())
        .extracting(LabelSelector.Requirement::operator)
        .containsExactly(Operator.EQUALS, Operator.IN);
    assertThat(s.requirements().get(1).values()).containsExactly("eu", "us");
    assertThat(LabelSelector.parse("").isEmpty()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "region in (eu|found the end of the expression at offset 13 (expected: \")\" closing the"
            + " values of in)",
        "region in ()|found an empty set after in at offset 12 (expected: at least one value)",
        "region in eu|found \"eu\" at offset 10 (expected: \"(\" after in)",
        "app=game,|found the end of the expression at offset 9 (expected: a label key)",
        "app game|found operator \"game\" at offset 4 (expected: =, ==, !=, in, notin, >, < or a"
            + " comma)",
        "tier>high|found \"high\" after > at offset 9 (expected: an integer)",
        "-app=x|invalid key \"-app\": the name must be 1 to 63 characters, alphanumeric at both"
            + " ends, with - _ . inside at offset 0",
        "Agones.Dev/fleet=x|invalid key \"Agones.Dev/fleet\": the prefix must be a lower-case DNS"
            + " subdomain of at most 253 characters at offset 0",
        "app=-x|invalid value \"-x\" at offset 4: a label value is at most 63 characters,"
            + " alphanumeric at both ends, with - _ . inside",
      })
  void refusesWhatTheApiServerWouldRefuse(String expression, String message) {
    assertThatThrownBy(() -> LabelSelector.parse(expression))
        .isInstanceOf(InvalidSelectorException.class)
        .hasMessage(message);
  }

  @Test
  void combinesWithAnotherSelector() throws Exception {
    LabelSelector s =
        LabelSelector.parse("kubernetes.io/service-name=game").and(LabelSelector.parse("a=b"));

    assertThat(s.expression()).isEqualTo("kubernetes.io/service-name=game,a=b");
    assertThat(s.matches(Map.of("kubernetes.io/service-name", "game", "a", "b"))).isTrue();
    assertThat(s.matches(Map.of("a", "b"))).isFalse();
  }

  @Test
  void aValueMayBeEmpty() throws Exception {
    assertThat(LabelSelector.parse("app=").matches(Map.of("app", ""))).isTrue();
  }
}
