package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacSecretTest {

  @Test
  void rawStringIsItsUtf8Bytes() {
    assertThat(HmacSecret.parse("  sécret ").bytes())
        .isEqualTo("sécret".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void base64AndHexPrefixesAreCaseInsensitive() {
    byte[] expected = {1, 2, 3, (byte) 0xff};
    assertThat(HmacSecret.parse("base64:AQID/w==").bytes()).isEqualTo(expected);
    assertThat(HmacSecret.parse("BASE64: AQID/w== ").bytes()).isEqualTo(expected);
    assertThat(HmacSecret.parse("hex:010203ff").bytes()).isEqualTo(expected);
    assertThat(HmacSecret.parse("HEX:010203FF").bytes()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "base64:", "hex:", "base64:!!!", "hex:abc", "hex:zz"})
  void rejectsEmptyOrBrokenSecrets(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HmacSecret.parse(text))
        .withMessageContaining("expected:");
  }

  @Test
  void neverPrintsTheKeyAndCopiesBytes() {
    HmacSecret s = HmacSecret.parse("hunter2");
    assertThat(s.toString()).doesNotContain("hunter2").contains("7 bytes");
    s.bytes()[0] = 0;
    assertThat(s.bytes()[0]).isEqualTo((byte) 'h');
    assertThat(s).isEqualTo(HmacSecret.parse("hex:68756e74657232"));
  }
}
