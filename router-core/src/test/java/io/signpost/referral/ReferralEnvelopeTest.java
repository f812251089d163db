package io.signpost.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ReferralEnvelopeTest {
  private static final byte[] SECRET = "secret".getBytes(StandardCharsets.UTF_8);

  /** Unsigned, key id 7, content "hello". */
  private static final String UNSIGNED = "48595250 01 00 07 0500 68656c6c6f";

  /** Signed header and content: key id 1, content "hi". */
  private static final String SIGNED_BODY = "48595250 01 01 01 0200 6869";

  /** HMAC-SHA256("secret", SIGNED_BODY), computed outside Java. */
  private static final String SIGNED_MAC =
      "ac7288caf1fd4e54ea330cf964ce51914395a6977986eaa98dda2253b67b71ce";

  @Test
  void encodesUnsignedEnvelopes() throws Exception {
    byte[] envelope = ReferralEnvelope.encode(7, bytes("68656c6c6f"), null);
    assertThat(hex(envelope)).isEqualTo(compact(UNSIGNED));
    assertThat(ReferralEnvelope.encode(7, bytes("68656c6c6f"), new byte[0])).isEqualTo(envelope);
  }

  @Test
  void encodesEmptyContent() throws Exception {
    assertThat(hex(ReferralEnvelope.encode(0, new byte[0], null))).isEqualTo("485952500100000000");
  }

  @Test
  void encodesSignedEnvelopes() throws Exception {
    byte[] envelope = ReferralEnvelope.encode(1, "hi".getBytes(StandardCharsets.UTF_8), SECRET);
    assertThat(hex(envelope)).isEqualTo(compact(SIGNED_BODY) + SIGNED_MAC);
    assertThat(hex(independentHmac(SECRET, bytes(SIGNED_BODY)))).isEqualTo(SIGNED_MAC);
  }

  @Test
  void signedEnvelopeWithBinaryKey() throws Exception {
    byte[] key = bytes("000102030405060708090a0b0c0d0e0f");
    byte[] envelope = ReferralEnvelope.encode(42, new byte[0], key);
    String body = "48595250 01 01 2a 0000";
    assertThat(hex(envelope))
        .isEqualTo(
            compact(body) + "b8b79fc561a3994a5335bc61785ccbdcbeede3025f3274b674d25cf7ec3ff07e");
    assertThat(independentHmac(key, bytes(body)))
        .isEqualTo(bytes("b8b79fc561a3994a5335bc61785ccbdcbeede3025f3274b674d25cf7ec3ff07e"));
  }

  @Test
  void parsesUnsignedEnvelopes() throws Exception {
    ReferralEnvelope envelope = ReferralEnvelope.parse(bytes(UNSIGNED));
    assertThat(envelope.magic()).isEqualTo("HYRP");
    assertThat(envelope.version()).isEqualTo(1);
    assertThat(envelope.flags()).isZero();
    assertThat(envelope.keyId()).isEqualTo(7);
    assertThat(envelope.content()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(envelope.signature()).isNull();
    assertThat(envelope.signed()).isFalse();
    assertThat(ReferralEnvelope.verify(envelope, SECRET)).isFalse();
  }

  @Test
  void parsesAndVerifiesSignedEnvelopes() throws Exception {
    ReferralEnvelope envelope = ReferralEnvelope.parse(bytes(SIGNED_BODY + SIGNED_MAC));
    assertThat(envelope.signed()).isTrue();
    assertThat(envelope.keyId()).isEqualTo(1);
    assertThat(envelope.content()).isEqualTo(bytes("6869"));
    assertThat(envelope.signature()).isEqualTo(bytes(SIGNED_MAC));
    assertThat(envelope.signedBytes()).isEqualTo(bytes(SIGNED_BODY));
    assertThat(ReferralEnvelope.verify(envelope, SECRET)).isTrue();
  }

  @Test
  void verificationFailsForAnotherKeyOrTamperedBytes() throws Exception {
    ReferralEnvelope envelope = ReferralEnvelope.parse(bytes(SIGNED_BODY + SIGNED_MAC));
    assertThat(ReferralEnvelope.verify(envelope, "Secret".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(ReferralEnvelope.verify(envelope, new byte[0])).isFalse();

    ReferralEnvelope tamperedContent =
        ReferralEnvelope.parse(bytes(compact(SIGNED_BODY).replace("6869", "6868") + SIGNED_MAC));
    assertThat(ReferralEnvelope.verify(tamperedContent, SECRET)).isFalse();

    ReferralEnvelope tamperedKeyId =
        ReferralEnvelope.parse(bytes("48595250 01 01 02 0200 6869" + SIGNED_MAC));
    assertThat(ReferralEnvelope.verify(tamperedKeyId, SECRET)).isFalse();

    String badMac = SIGNED_MAC.substring(0, 62) + "cf";
    assertThat(ReferralEnvelope.verify(ReferralEnvelope.parse(bytes(SIGNED_BODY + badMac)), SECRET))
        .isFalse();
  }

  @Test
  void contentLimitsFollowFromTheEnvelopeLimit() throws Exception {
    assertThat(ReferralEnvelope.MAX_CONTENT_BYTES_UNSIGNED).isEqualTo(4087);
    assertThat(ReferralEnvelope.MAX_CONTENT_BYTES_SIGNED).isEqualTo(4055);
    assertThat(ReferralEnvelope.encode(0, new byte[4087], null)).hasSize(4096);
    assertThat(ReferralEnvelope.encode(0, new byte[4055], SECRET)).hasSize(4096);

    assertThatThrownBy(() -> ReferralEnvelope.encode(0, new byte[4088], null))
        .isInstanceOfSatisfying(
            ReferralContentTooLargeException.class,
            e -> {
              assertThat(e.contentLength()).isEqualTo(4088);
              assertThat(e.maxContentLength()).isEqualTo(4087);
            })
        .hasMessage("referral content length (4088) exceeds the allowed maximum (4087, unsigned)");
    assertThatThrownBy(() -> ReferralEnvelope.encode(0, new byte[4056], SECRET))
        .isInstanceOf(ReferralContentTooLargeException.class)
        .hasMessage("referral content length (4056) exceeds the allowed maximum (4055, signed)");
  }

  @Test
  void keyIdIsOneByte() {
    assertThatThrownBy(() -> ReferralEnvelope.encode(256, new byte[0], null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyId: 256 (expected: 0..255)");
  }

  @Test
  void refusesWhatIsNotAV1Envelope() {
    assertMalformed("", "envelope length (0) is below the header size (9)");
    assertMalformed("48595250 01 00 07 05", "envelope length (8) is below the header size (9)");
    assertMalformed("48595251 01 00 07 0000", "magic (48595251) is not \"HYRP\"");
    assertMalformed("48595250 02 00 07 0000", "version (2) is not supported (expected: 1)");
    assertMalformed(
        "48595250 01 02 07 0000", "flags (0x2) are not supported (expected: 0x0 or 0x1)");
    assertMalformed(
        "48595250 01 00 07 0500 6865",
        "envelope length (11) does not match header, content length (5) (expected: 14)");
    assertMalformed(
        UNSIGNED + "00",
        "envelope length (15) does not match header, content length (5) (expected: 14)");
    assertMalformed(
        SIGNED_BODY + SIGNED_MAC.substring(2),
        "envelope length (42) does not match header, content length (2) and signature (expected:"
            + " 43)");
    assertMalformed(
        "48595250 01 00 07 ffff" + "00".repeat(4088),
        "envelope length (4097) exceeds the allowed maximum (4096)");
  }

  @Test
  void parseCopiesItsInput() throws Exception {
    byte[] wire = bytes(UNSIGNED);
    ReferralEnvelope envelope = ReferralEnvelope.parse(wire);
    wire[9] = 'X';
    envelope.content()[0] = 'Y';
    assertThat(envelope.content()).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void envelopesCompareByValue() throws Exception {
    assertThat(ReferralEnvelope.parse(bytes(UNSIGNED)))
        .isEqualTo(ReferralEnvelope.parse(bytes(UNSIGNED)));
    assertThat(ReferralEnvelope.parse(bytes(UNSIGNED)).toString())
        .isEqualTo("ReferralEnvelope[v1, flags=0x0, keyId=7, content=5 bytes, signed=false]");
  }

  private static void assertMalformed(String hex, String message) {
    assertThatThrownBy(() -> ReferralEnvelope.parse(bytes(hex)))
        .isInstanceOf(MalformedEnvelopeException.class)
        .hasMessage(message);
  }

  static byte[] independentHmac(byte[] key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(body);
  }

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(compact(hex));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String compact(String hex) {
    return hex.replaceAll("\\s", "");
  }
}
