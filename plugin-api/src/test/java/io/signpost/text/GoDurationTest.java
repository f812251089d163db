package io.signpost.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest(name = "{0} = {1}ns")
  @CsvSource({
    "0, 0",
    "+0, 0",
    "-0, 0",
    "5s, 5000000000",
    "30s, 30000000000",
    "1478s, 1478000000000",
    "-5s, -5000000000",
    "+5s, 5000000000",
    "250ms, 250000000",
    "1m, 60000000000",
    "1h30m, 5400000000000",
    "1.5h, 5400000000000",
    "5.6s, 5600000000",
    "5.s, 5000000000",
    ".5s, 500000000",
    "1.0s, 1000000000",
    "1.004s, 1004000000",
    "100.00100s, 100001000000",
    "10ns, 10",
    "11us, 11000",
    "12µs, 12000",
    "12μs, 12000",
    "13ms, 13000000",
    "3h30m, 12600000000000",
    "10.5s4m, 250500000000",
    "-2m3.4s, -123400000000",
    "1h2m3s4ms5us6ns, 3723004005006",
    "39h9m14.425s, 140954425000000",
    "52763797000ns, 52763797000",
    "0.3333333333333333333h, 1200000000000",
    "0.9223372036854775807h, 3320413933267",
    "0.100000000000000000000h, 360000000000",
    "9223372036854775807ns, 9223372036854775807",
  })
  void parsesGoSyntax(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "3",
        "-",
        "s",
        ".",
        "-.",
        ".s",
        "+.s",
        "1d",
        "1.2.3s",
        "30 s",
        "9223372036854775808ns",
        "3000000h"
      })
  void rejectsMalformedDurations(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GoDuration.parse(text))
        .withMessageContaining("expected: e.g. 30s");
  }

  @ParameterizedTest
  @CsvSource({
    "30s, 30s",
    "250ms, 250ms",
    "1h30m, 1h30m0s",
    "90s, 1m30s",
    "1.5s, 1.5s",
    "0, 0s",
    "12us, 12µs"
  })
  void formatsLikeGo(String text, String formatted) {
    assertThat(GoDuration.format(GoDuration.parse(text))).isEqualTo(formatted);
  }
}
