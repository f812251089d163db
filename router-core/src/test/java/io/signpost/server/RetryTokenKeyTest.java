package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.signpost.config.ConfigDefaults;
import org.junit.jupiter.api.Test;

class RetryTokenKeyTest {

  @Test
  void shorterThanSixteenBytesIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryTokenKey.of(new byte[15]))
        .withMessage("retry token key: 15 bytes (expected: at least 16)");
    assertThat(RetryTokenKey.of(new byte[16]).bytes()).hasSize(16);
  }

  @Test
  void theConfigurationAsksForTheSameMinimum() {
    assertThat(ConfigDefaults.RETRY_TOKEN_SECRET_MIN_BYTES).isEqualTo(RetryTokenKey.MIN_BYTES);
  }

  @Test
  void randomKeysDifferAndNeverShowTheirBytes() {
    RetryTokenKey a = RetryTokenKey.random();

    assertThat(a).isNotEqualTo(RetryTokenKey.random());
    assertThat(a.bytes()).hasSize(RetryTokenKey.RANDOM_BYTES);
    assertThat(a).hasToString("RetryTokenKey[32 bytes]");
  }

  @Test
  void keysWithTheSameBytesAreEqual() {
    byte[] bytes = new byte[20];
    bytes[3] = 7;

    assertThat(RetryTokenKey.of(bytes)).isEqualTo(RetryTokenKey.of(bytes.clone()));
  }
}
