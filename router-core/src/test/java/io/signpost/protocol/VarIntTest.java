package io.signpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VarIntTest {

  @ParameterizedTest
  @CsvSource({
    "0, 00",
    "1, 01",
    "127, 7f",
    "128, 8001",
    "300, ac02",
    "16383, ff7f",
    "16384, 808001",
    "2097151, ffff7f",
    "2097152, 80808001",
    "268435455, ffffff7f",
    "268435456, 8080808001",
    "2147483647, ffffffff07"
  })
  void encodesAndDecodesGoldenVectors(int value, String hex) throws Exception {
    assertThat(Hex.of(VarInt.encode(value))).isEqualTo(hex);
    assertThat(VarInt.size(value)).isEqualTo(hex.length() / 2);

    ByteBuffer in = ByteBuffer.wrap(Hex.bytes(hex + "ee"));
    assertThat(VarInt.read(in)).isEqualTo(value);
    assertThat(in.remaining()).isEqualTo(1);
  }

  @Test
  void acceptsNonCanonicalPadding() throws Exception {
    assertThat(VarInt.read(ByteBuffer.wrap(Hex.bytes("8000")))).isZero();
    assertThat(VarInt.read(ByteBuffer.wrap(Hex.bytes("8080808000")))).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ffffffff08", "ffffffff0f", "ffffffff7f", "8080808010"})
  void refusesFiveByteValuesAboveIntMax(String hex) {
    assertThatThrownBy(() -> VarInt.read(ByteBuffer.wrap(Hex.bytes(hex))))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("exceeds the allowed maximum");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8080808080", "ffffffff8f01", "8080808080808001"})
  void refusesMoreThanFiveBytes(String hex) {
    assertThatThrownBy(() -> VarInt.read(ByteBuffer.wrap(Hex.bytes(hex))))
        .isInstanceOf(MalformedPacketException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "80", "ff", "8080", "ffffffff"})
  void refusesTruncatedInput(String hex) {
    assertThatThrownBy(() -> VarInt.read(ByteBuffer.wrap(Hex.bytes(hex))))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesToWriteNegativeValues() {
    assertThatThrownBy(() -> VarInt.encode(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("VarInt value: -1 (expected: >= 0)");
    assertThatThrownBy(() -> VarInt.size(Integer.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
