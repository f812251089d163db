package io.signpost.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.referral.ReferralContentTooLargeException;
import io.signpost.referral.ReferralEnvelope;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReferralSigningTest {

  private static final byte[] KEY = "secret".getBytes(StandardCharsets.UTF_8);

  @Test
  void envelopesMatchTheEnvelopeCodecSignedAndUnsigned() throws Exception {
    for (ReferralSigning signing :
        new ReferralSigning[] {new ReferralSigning(7, KEY), ReferralSigning.unsigned()}) {
      for (byte[] content : new byte[][] {new byte[0], {1, 2, 3}}) {
        byte[] envelope = signing.envelope(content);
        assertThat(envelope)
            .isEqualTo(ReferralEnvelope.encode(signing.keyId(), content, signing.hmacKey()));
        ReferralEnvelope parsed = ReferralEnvelope.parse(envelope);
        assertThat(parsed.content()).isEqualTo(content);
        assertThat(parsed.signed()).isEqualTo(signing.signed());
      }
    }
    assertThat(
            ReferralEnvelope.verify(
                ReferralEnvelope.parse(new ReferralSigning(7, KEY).emptyEnvelope()), KEY))
        .isTrue();
  }

  @Test
  void unsignedEnvelopesCarryKeyIdZeroAsInHyrouter() throws Exception {
    // internal/server/streams.go referralEnvelope: keyID stays 0 without a secret.
    ReferralSigning unsigned = new ReferralSigning(7, null);
    assertThat(unsigned.keyId()).isZero();
    assertThat(ReferralEnvelope.parse(unsigned.envelope(new byte[] {1})).keyId()).isZero();
    assertThat(ReferralEnvelope.parse(unsigned.emptyEnvelope()).keyId()).isZero();
    assertThat(ReferralEnvelope.parse(new ReferralSigning(7, KEY).envelope(new byte[] {1})).keyId())
        .isEqualTo(7);
  }

  @Test
  void theSharedEmptyEnvelopeCannotBeChangedByACaller() throws Exception {
    ReferralSigning signing = new ReferralSigning(1, KEY);
    signing.envelope(new byte[0])[0] = 0;
    signing.emptyEnvelope()[1] = 0;
    assertThat(ReferralEnvelope.verify(ReferralEnvelope.parse(signing.envelope(new byte[0])), KEY))
        .isTrue();
  }

  @Test
  void maxContentLengthIsTheEnvelopeLimit() {
    ReferralSigning signed = new ReferralSigning(0, KEY);
    assertThat(signed.maxContentLength()).isEqualTo(ReferralEnvelope.MAX_CONTENT_BYTES_SIGNED);
    assertThat(ReferralSigning.unsigned().maxContentLength())
        .isEqualTo(ReferralEnvelope.MAX_CONTENT_BYTES_UNSIGNED);
    assertThatThrownBy(() -> signed.envelope(new byte[signed.maxContentLength() + 1]))
        .isInstanceOf(ReferralContentTooLargeException.class);
  }
}
