package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quic.retry_token_secret} and {@code quic.retry_token_secret_file}. */
class RetryTokenSecretConfigTest {

  private static final String ROUTING =
      """
      routing:
        default:
          strategy: round_robin
          backends: [{host: a, port: 1}]
      """;

  private static final String KEY_BASE64 = "base64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @TempDir Path dir;

  private static String quic(String body) {
    return ROUTING + "quic:\n" + body;
  }

  @Test
  void withoutAKeyEachProcessDrawsItsOwn() throws Exception {
    assertThat(ConfigLoaderTest.yaml(ROUTING).config().quic().retryTokenSecret()).isNull();
  }

  @Test
  void anInlineSecretUsesTheReferralSecretSyntax() throws Exception {
    HmacSecret secret =
        ConfigLoaderTest.yaml(quic("  retry_token_secret: \"" + KEY_BASE64 + "\"\n"))
            .config()
            .quic()
            .retryTokenSecret();

    assertThat(secret).isNotNull();
    assertThat(secret.bytes()).hasSize(32).startsWith(0, 1, 2, 3);
  }

  @Test
  void aSecretFileIsReadAndItsTrailingNewlineIgnored() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), KEY_BASE64 + "\n");

    HmacSecret secret =
        ConfigLoaderTest.yaml(quic("  retry_token_secret_file: " + file + "\n"))
            .config()
            .quic()
            .retryTokenSecret();

    assertThat(secret).isEqualTo(HmacSecret.parse(KEY_BASE64));
  }

  @Test
  void twoConfigurationsNamingTheSameFileGetTheSameKey() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), "a raw secret shared by every replica");
    String yaml = quic("  retry_token_secret_file: " + file + "\n");

    assertThat(ConfigLoaderTest.yaml(yaml).config().quic().retryTokenSecret())
        .isEqualTo(ConfigLoaderTest.yaml(yaml).config().quic().retryTokenSecret());
  }

  @Test
  void aShortSecretIsRefusedWithoutShowingIt() {
    assertThat(ConfigLoaderTest.errors(quic("  retry_token_secret: hunter2\n")))
        .singleElement()
        .asString()
        .startsWith("quic.retry_token_secret: 7 bytes (expected: at least 16;")
        .doesNotContain("hunter2");
  }

  @Test
  void anEmptyOrMalformedSecretIsRefused() {
    assertThat(ConfigLoaderTest.errors(quic("  retry_token_secret: \"\"\n")))
        .singleElement()
        .asString()
        .startsWith("quic.retry_token_secret: empty (expected: a secret of at least 16 bytes");
    assertThat(ConfigLoaderTest.errors(quic("  retry_token_secret: \"hex:xyz\"\n")))
        .singleElement()
        .asString()
        .startsWith("quic.retry_token_secret: invalid hex");
  }

  @Test
  void bothKeysAtOnceAreRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), KEY_BASE64);

    assertThat(
            ConfigLoaderTest.errors(
                quic(
                    "  retry_token_secret: \""
                        + KEY_BASE64
                        + "\"\n  retry_token_secret_file: "
                        + file
                        + "\n")))
        .containsExactly(
            "quic.retry_token_secret_file: set together with quic.retry_token_secret"
                + " (expected: one of the two)");
  }

  @Test
  void aMissingEmptyOrOversizedFileIsRefusedWithItsPath() throws Exception {
    Path missing = dir.resolve("missing");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path large = Files.write(dir.resolve("large"), new byte[5000]);

    assertThat(ConfigLoaderTest.errors(quic("  retry_token_secret_file: " + missing + "\n")))
        .containsExactly(
            "quic.retry_token_secret_file: file not found: "
                + missing
                + " (expected: a file holding the secret as text)");
    assertThat(ConfigLoaderTest.errors(quic("  retry_token_secret_file: " + empty + "\n")))
        .singleElement()
        .asString()
        .startsWith("quic.retry_token_secret_file: empty (expected: a secret of at least 16");
    assertThat(ConfigLoaderTest.errors(quic("  retry_token_secret_file: " + large + "\n")))
        .singleElement()
        .asString()
        .contains("over the 4 KiB limit for a secret file");
    assertThat(ConfigLoaderTest.errors(quic("  retry_token_secret_file: " + dir + "\n")))
        .singleElement()
        .asString()
        .contains("not a regular file (a directory)");
  }

  @Test
  void aFileThatIsNotUtf8TextIsRefused() throws Exception {
    byte[] binary = new byte[32];
    binary[0] = (byte) 0xff;
    Path file = Files.write(dir.resolve("binary"), binary);

    assertThat(ConfigLoaderTest.errors(quic("  retry_token_secret_file: " + file + "\n")))
        .containsExactly(
            "quic.retry_token_secret_file: "
                + file
                + ": not UTF-8 text (expected: the secret as text: raw, base64:<base64> or"
                + " hex:<hex digits>)");
  }

  @Test
  void aSecretWithRetryOffEarnsAWarning() throws Exception {
    assertThat(
            ConfigLoaderTest.warnings(
                quic("  retry: false\n  retry_token_secret: \"0123456789abcdef\"\n")))
        .containsExactly(
            "warning: quic.retry_token_secret: ignored: quic.retry is false, so no retry tokens"
                + " are minted");
  }
}
