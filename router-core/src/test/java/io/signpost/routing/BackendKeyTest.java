package io.signpost.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.Backend;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendKeyTest {

  private final Backend backend =
      new Backend(
          "h",
          5520,
          3,
          Map.of(
              "label.region",
              "eu",
              "annotation.a/b",
              "x",
              "counter.players.count",
              "12",
              "plain",
              "p",
              "empty",
              ""));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "host, h",
    "port, 5520",
    "weight, 3",
    "label:region, eu",
    "annotation: a/b, x",
    "counter:players.count, 12",
    "plain, p",
    "' plain ', p"
  })
  void readsFieldsAndPrefixedMetadata(String key, String value) {
    assertThat(BackendKey.of(key).text(backend)).isEqualTo(value);
  }

  @Test
  void emptyOrMissingValuesAreAbsent() {
    assertThat(BackendKey.of("empty").text(backend)).isNull();
    assertThat(BackendKey.of("label:zone").text(backend)).isNull();
    assertThat(BackendKey.of("empty").number(backend)).isNaN();
    assertThat(BackendKey.of("port").number(backend)).isEqualTo(5520);
    assertThat(BackendKey.of("counter:players.count").number(backend)).isEqualTo(12);
    assertThat(BackendKey.of("label:region").number(backend)).isNaN();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "0, 0",
    "42, 42",
    "-7, -7",
    "+5, 5",
    "1.5, 1.5",
    "-0.25, -0.25",
    "1e3, 1000",
    "2E-2, 0.02",
    "123456789012345, 123456789012345",
    "12345678901234567890, 12345678901234567890",
    "inf, Infinity",
    "-Infinity, -Infinity"
  })
  void parsesNumbersLikeGo(String text, double expected) {
    assertThat(BackendKey.parseNumber(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-", "+", " 5", "5 ", "5d", "5f", "0x10", "1_000", "abc", "NaN", "1e", "--1"})
  void rejectsWhatGoRejectsOrWhatIsNotANumber(String text) {
    assertThat(BackendKey.parseNumber(text)).isNaN();
  }
}
