package io.signpost.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PluginExceptionTest {

  private static final String HUGE = "e".repeat(1 << 20);

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(
            "timeout", (BiFunction<String, String, PluginException>) PluginTimeoutException::new),
        Arguments.of(
            "trap", (BiFunction<String, String, PluginException>) PluginTrapException::new),
        Arguments.of(
            "transport",
            (BiFunction<String, String, PluginException>) PluginTransportException::new),
        Arguments.of(
            "invalid_response",
            (BiFunction<String, String, PluginException>) PluginResponseException::new),
        Arguments.of(
            "unavailable",
            (BiFunction<String, String, PluginException>) PluginUnavailableException::new),
        Arguments.of(
            "internal",
            (BiFunction<String, String, PluginException>) PluginInternalException::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyKindCutsALongMessageWithAMarker(
      String kind, BiFunction<String, String, PluginException> create) {
    PluginException e = create.apply("auth", HUGE);

    assertThat(e.kind().tag()).isEqualTo(kind);
    assertThat(e.getMessage())
        .hasSizeLessThanOrEqualTo(PluginException.MAX_MESSAGE_CHARS)
        .startsWith("plugin auth: eeee")
        .endsWith(" more characters)");
    int kept = e.getMessage().indexOf('…');
    int omitted = "plugin auth: ".length() + HUGE.length() - kept;
    assertThat(e.getMessage()).endsWith("… (" + omitted + " more characters)");
  }

  @Test
  void messageAtTheLimitIsKeptWhole() {
    String message = "m".repeat(PluginException.MAX_MESSAGE_CHARS - "plugin auth: ".length());

    PluginException e = new PluginTrapException("auth", message);

    assertThat(e.getMessage()).isEqualTo("plugin auth: " + message).hasSize(1024);
  }

  @Test
  void oneCharacterOverTheLimitIsCut() {
    String message = "m".repeat(PluginException.MAX_MESSAGE_CHARS - "plugin auth: ".length() + 1);

    PluginException e = new PluginTrapException("auth", message);

    assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(1024).contains("… (");
  }

  @Test
  void shortMessagesAndCausesAreUnchanged() {
    IllegalStateException cause = new IllegalStateException(HUGE);

    PluginException e = new PluginTransportException("geo", "refused", cause);

    assertThat(e.getMessage()).isEqualTo("plugin geo: refused");
    assertThat(e.getCause()).isSameAs(cause);
  }
}
