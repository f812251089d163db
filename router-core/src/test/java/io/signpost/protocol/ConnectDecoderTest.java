package io.signpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectDecoderTest {
  /** "0123456789abcdef" four times, as ASCII. */
  static final String HASH = "30313233343536373839616263646566".repeat(4);

  static final String HASH_TEXT = "0123456789abcdef".repeat(4);
  static final String UUID_HEX = "d3e6ef90e11349a7a8451c11f24fe166";
  static final String UUID_TEXT = "d3e6ef90-e113-49a7-a845-1c11f24fe166";

  /** "1.0.0" NUL-padded to 20 bytes. */
  static final String VERSION = "312e302e30" + "00".repeat(15);

  static final String LAYOUT_A_MINIMAL =
      "00" // null bits: nothing optional
          + HASH
          + "01" // client type
          + UUID_HEX
          + "ffffffff ffffffff 00000000 ffffffff ffffffff" // language, token, username, data, src
          + "05 4b72796d6f"; // username "Krymo"

  static final String LAYOUT_A_FULL =
      "0f" // language, token, referral data, referral source
          + HASH
          + "00"
          + UUID_HEX
          + "00000000 06000000 0a000000 10000000 16000000"
          + "05 64652d4445" // language "de-DE" @0
          + "03 746f6b" // identity token "tok" @6
          + "05 4b72796d6f" // username "Krymo" @10
          + "05 0102030405" // referral data @16
          + "9015 09 6c6f63616c686f7374"; // referral source localhost:5520 @22

  static final String LAYOUT_B_MINIMAL =
      "00" // null bits
          + "78563412" // protocol CRC
          + "2a000000" // build number 42
          + VERSION
          + "00" // client type
          + UUID_HEX
          + "00000000 ffffffff 06000000 ffffffff ffffffff" // username, token, language, data, src
          + "05 4b72796d6f" // username "Krymo" @0
          + "05 656e2d5553"; // language "en-US" @6

  static final String LAYOUT_B_FULL =
      "07" // token, referral data, referral source
          + "78563412"
          + "2a000000"
          + VERSION
          + "02"
          + UUID_HEX
          + "00000000 06000000 0a000000 10000000 14000000"
          + "05 4b72796d6f" // username @0
          + "03 746f6b" // identity token @6
          + "05 70742d4252" // language "pt-BR" @10
          + "03 aabbcc" // referral data @16
          + "9015 09 6c6f63616c686f7374"; // referral source @20

  static final ConnectPacket A_MINIMAL =
      new ConnectPacket(ConnectLayout.A, HASH_TEXT, 1, UUID_TEXT, "Krymo", null, false, null, null);
  static final ConnectPacket A_FULL =
      new ConnectPacket(
          ConnectLayout.A,
          HASH_TEXT,
          0,
          UUID_TEXT,
          "Krymo",
          "de-DE",
          true,
          Hex.bytes("0102030405"),
          new HostAddress("localhost", 5520));
  static final ConnectPacket B_MINIMAL =
      new ConnectPacket(
          ConnectLayout.B, "1.0.0", 0, UUID_TEXT, "Krymo", "en-US", false, null, null);
  static final ConnectPacket B_FULL =
      new ConnectPacket(
          ConnectLayout.B,
          "1.0.0",
          2,
          UUID_TEXT,
          "Krymo",
          "pt-BR",
          true,
          Hex.bytes("aabbcc"),
          new HostAddress("localhost", 5520));

  @Test
  void decodesLayoutAWithoutOptionalFields() {
    assertThat(ConnectDecoder.decode(Hex.bytes(LAYOUT_A_MINIMAL)))
        .isEqualTo(new ConnectDecodeResult.Decoded(A_MINIMAL));
  }

  @Test
  void decodesLayoutAWithEveryOptionalField() {
    assertThat(decoded(LAYOUT_A_FULL)).isEqualTo(A_FULL);
  }

  @Test
  void decodesLayoutBWithoutOptionalFields() {
    assertThat(decoded(LAYOUT_B_MINIMAL)).isEqualTo(B_MINIMAL);
  }

  @Test
  void decodesLayoutBWithEveryOptionalField() {
    assertThat(decoded(LAYOUT_B_FULL)).isEqualTo(B_FULL);
  }

  @Test
  void encoderProducesTheGoldenVectors() throws Exception {
    assertThat(Hex.of(ConnectEncoder.encode(A_MINIMAL, null))).isEqualTo(compact(LAYOUT_A_MINIMAL));
    assertThat(Hex.of(ConnectEncoder.encode(A_FULL, "tok"))).isEqualTo(compact(LAYOUT_A_FULL));
    String zeroCrcAndBuild = "00000000" + "00000000";
    assertThat(Hex.of(ConnectEncoder.encode(B_MINIMAL, null)))
        .isEqualTo(compact(LAYOUT_B_MINIMAL).replace("785634122a000000", zeroCrcAndBuild));
    assertThat(Hex.of(ConnectEncoder.encode(B_FULL, "tok")))
        .isEqualTo(compact(LAYOUT_B_FULL).replace("785634122a000000", zeroCrcAndBuild));
  }

  @Test
  void nulPaddedHashIsCutAtTheFirstNul() {
    String hex = "00" + "616263" + "00".repeat(61) + LAYOUT_A_MINIMAL.substring(2 + 128);
    ConnectPacket packet = decoded(hex);
    assertThat(packet.layout()).isEqualTo(ConnectLayout.A);
    assertThat(packet.protocolHash()).isEqualTo("abc");
  }

  @Test
  void layoutBLongerThanLayoutAIsStillLayoutB() {
    String hex =
        "01" // identity token
            + "78563412 2a000000"
            + VERSION
            + "00"
            + UUID_HEX
            + "00000000 06000000 2f000000 ffffffff ffffffff"
            + "05 4b72796d6f"
            + "28"
            + "78".repeat(40) // 40-byte token @6
            + "05 656e2d5553"; // @47
    ConnectPacket packet = decoded(hex);
    assertThat(Hex.bytes(hex).length).isGreaterThanOrEqualTo(102);
    assertThat(packet.layout()).isEqualTo(ConnectLayout.B);
    assertThat(packet.identityTokenPresent()).isTrue();
    assertThat(packet.language()).isEqualTo("en-US");
  }

  @Test
  void nonHexHashFallsBackToLayoutAWhenLayoutBDoesNotDecode() {
    String hex = "00" + "68656c6c6f" + "00".repeat(59) + LAYOUT_A_MINIMAL.substring(2 + 128);
    ConnectPacket packet = decoded(hex);
    assertThat(packet.layout()).isEqualTo(ConnectLayout.A);
    assertThat(packet.protocolHash()).isEqualTo("hello");
    assertThat(packet.username()).isEqualTo("Krymo");
  }

  @Test
  void payloadFittingNeitherLayoutIsUndecodable() {
    assertThat(ConnectDecoder.decode(Hex.bytes("0000")))
        .isEqualTo(
            new ConnectDecodeResult.Undecodable(
                "fits neither layout: B: payload length (2) is below the layout B minimum (66); "
                    + "A: payload length (2) is below the layout A minimum (102)"));
  }

  @Test
  void layoutBWithoutUsernameIsUndecodable() {
    String hex =
        compact(LAYOUT_B_MINIMAL).replace("00000000ffffffff06000000", "ffffffffffffffff06000000");
    assertThat(ConnectDecoder.decode(Hex.bytes(hex)))
        .isInstanceOfSatisfying(
            ConnectDecodeResult.Undecodable.class,
            u -> assertThat(u.reason()).contains("B: username is absent (required in layout B)"));
  }

  @Test
  void layoutBWithLanguageOverItsMaximumIsUndecodable() {
    String hex = compact(LAYOUT_B_MINIMAL).replace("05656e2d5553", "11" + "61".repeat(17));
    assertThat(ConnectDecoder.decode(Hex.bytes(hex)))
        .isInstanceOfSatisfying(
            ConnectDecodeResult.Undecodable.class,
            u ->
                assertThat(u.reason())
                    .contains("B: language length (17) exceeds the allowed maximum (16)"));
  }

  @Test
  void optionalFieldThatDoesNotDecodeIsReportedAbsent() {
    // Language offset far outside the payload; referral data declaring 4097 bytes; source cut.
    String hex =
        compact(LAYOUT_A_FULL)
            .replace(
                "00000000060000000a0000001000000016000000",
                "00000070060000000a0000001000000016000000")
            .replace("050102030405", "812001020304");
    ConnectPacket packet = decoded(hex.substring(0, hex.length() - 4));
    assertThat(packet.language()).isNull();
    assertThat(packet.referralData()).isNull();
    assertThat(packet.referralSource()).isNull();
    assertThat(packet.identityTokenPresent()).isTrue();
    assertThat(packet.username()).isEqualTo("Krymo");
  }

  @Test
  void optionalFieldWithItsNullBitClearIsIgnored() {
    String hex = "00" + compact(LAYOUT_A_FULL).substring(2);
    ConnectPacket packet = decoded(hex);
    assertThat(packet.language()).isNull();
    assertThat(packet.identityTokenPresent()).isFalse();
    assertThat(packet.referralData()).isNull();
    assertThat(packet.referralSource()).isNull();
    assertThat(packet.username()).isEqualTo("Krymo");
  }

  private static ConnectPacket decoded(String hex) {
    ConnectDecodeResult result = ConnectDecoder.decode(Hex.bytes(hex));
    assertThat(result).isInstanceOf(ConnectDecodeResult.Decoded.class);
    return ((ConnectDecodeResult.Decoded) result).packet();
  }

  private static String compact(String hex) {
    return hex.replaceAll("\\s", "");
  }
}
