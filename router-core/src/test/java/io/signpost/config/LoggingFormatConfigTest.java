package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code logging.format}. */
class LoggingFormatConfigTest {

  private static final String ROUTING =
      """
      routing:
        default:
          strategy: round_robin
          backends: [{host: a, port: 1}]
      """;

  @Test
  void textByDefault() throws Exception {
    assertThat(ConfigLoaderTest.yaml(ROUTING).config().logging().format())
        .isEqualTo(ConfigDefaults.LOG_FORMAT)
        .isEqualTo(LoggingConfig.Format.TEXT);
    assertThat(SignpostConfig.defaults().logging().format()).isEqualTo(LoggingConfig.Format.TEXT);
  }

  @Test
  void jsonInAnyCase() throws Exception {
    assertThat(
            ConfigLoaderTest.yaml(ROUTING + "logging: {format: JSON, log_client_ip: true}")
                .config()
                .logging())
        .isEqualTo(new LoggingConfig(true, LoggingConfig.Format.JSON));
  }

  @Test
  void anUnknownFormatIsAnError() {
    assertThat(ConfigLoaderTest.errors(ROUTING + "logging: {format: xml}"))
        .containsExactly("logging.format: \"xml\" (expected: text or json)");
  }
}
