package io.signpost.referral;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.protocol.ConnectDecodeResult;
import io.signpost.protocol.ConnectDecoder;
import io.signpost.protocol.ConnectEncoder;
import io.signpost.protocol.ConnectLayout;
import io.signpost.protocol.ConnectPacket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the backend verification snippet of docs/protocol.md, verbatim. */
class BackendVerificationExampleTest {
  private static final byte[] KEY = "s3cret".getBytes(StandardCharsets.UTF_8);

  /** Returns the plugins' referral content, or null when the client must be refused. */
  static byte[] referralContent(byte[] connectPayload, int expectedKeyId, byte[] key) {
    if (!(ConnectDecoder.decode(connectPayload) instanceof ConnectDecodeResult.Decoded decoded)) {
      return null; // not a Connect we can read
    }
    byte[] data = decoded.packet().referralData();
    if (data == null) {
      return null; // the client did not come through the router
    }
    try {
      ReferralEnvelope envelope = ReferralEnvelope.parse(data);
      if (envelope.keyId() != expectedKeyId || !ReferralEnvelope.verify(envelope, key)) {
        return null; // unsigned, signed with another key, or altered
      }
      return envelope.content();
    } catch (MalformedEnvelopeException e) {
      return null; // not a v1 envelope
    }
  }

  @Test
  void acceptsWhatTheRouterSigned() throws Exception {
    byte[] envelope = ReferralEnvelope.encode(4, "vip".getBytes(StandardCharsets.UTF_8), KEY);
    assertThat(referralContent(connectCarrying(envelope), 4, KEY))
        .isEqualTo("vip".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesUnsignedAlteredForeignOrMissingEnvelopes() throws Exception {
    byte[] signed = ReferralEnvelope.encode(4, "vip".getBytes(StandardCharsets.UTF_8), KEY);
    byte[] altered = signed.clone();
    altered[9] = 'V';
    assertThat(referralContent(connectCarrying(signed), 5, KEY)).isNull();
    assertThat(referralContent(connectCarrying(altered), 4, KEY)).isNull();
    assertThat(
            referralContent(connectCarrying(ReferralEnvelope.encode(4, new byte[0], null)), 4, KEY))
        .isNull();
    assertThat(referralContent(connectCarrying(new byte[] {1, 2, 3}), 4, KEY)).isNull();
    assertThat(referralContent(connectCarrying(null), 4, KEY)).isNull();
    assertThat(referralContent(new byte[5], 4, KEY)).isNull();
  }

  private static byte[] connectCarrying(byte[] referralData) throws Exception {
    ConnectPacket packet =
        new ConnectPacket(
            ConnectLayout.B,
            "1.0.0",
            0,
            "d3e6ef90-e113-49a7-a845-1c11f24fe166",
            "Krymo",
            "en-US",
            false,
            referralData,
            null);
    return ConnectEncoder.encode(packet, null);
  }
}
