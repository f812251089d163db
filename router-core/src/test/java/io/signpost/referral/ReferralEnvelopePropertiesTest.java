package io.signpost.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ReferralEnvelopePropertiesTest {

  @Property(tries = 3000)
  void parseIsTotal(@ForAll @Size(max = 200) byte[] bytes) {
    try {
      ReferralEnvelope envelope = ReferralEnvelope.parse(bytes);
      assertThat(envelope.signedBytes().length + (envelope.signed() ? 32 : 0))
          .isEqualTo(bytes.length);
    } catch (MalformedEnvelopeException expected) {
      // the typed error
    }
  }

  @Property(tries = 2000)
  void parseIsTotalOnInputsWithAValidHeader(
      @ForAll @Size(max = 120) byte[] tail,
      @ForAll @IntRange(min = 0, max = 3) int flags,
      @ForAll @IntRange(min = 0, max = 0xFFFF) int declaredLength) {
    byte[] bytes = new byte[9 + tail.length];
    System.arraycopy(new byte[] {'H', 'Y', 'R', 'P', 1, (byte) flags, 9}, 0, bytes, 0, 7);
    bytes[7] = (byte) declaredLength;
    bytes[8] = (byte) (declaredLength >>> 8);
    System.arraycopy(tail, 0, bytes, 9, tail.length);
    try {
      assertThat(ReferralEnvelope.parse(bytes).keyId()).isEqualTo(9);
    } catch (MalformedEnvelopeException expected) {
      // the typed error
    }
  }

  @Property(tries = 1000)
  void roundTrips(
      @ForAll @IntRange(min = 0, max = 255) int keyId,
      @ForAll @Size(max = ReferralEnvelope.MAX_CONTENT_BYTES_SIGNED) byte[] content,
      @ForAll @Size(max = 80) byte[] key)
      throws Exception {
    byte[] wire = ReferralEnvelope.encode(keyId, content, key);
    ReferralEnvelope envelope = ReferralEnvelope.parse(wire);
    assertThat(envelope.keyId()).isEqualTo(keyId);
    assertThat(envelope.content()).isEqualTo(content);
    assertThat(envelope.signed()).isEqualTo(key.length > 0);
    assertThat(ReferralEnvelope.verify(envelope, key)).isEqualTo(key.length > 0);
    if (key.length > 0) {
      assertThat(ReferralEnvelopeTest.independentHmac(key, envelope.signedBytes()))
          .isEqualTo(envelope.signature());
    }
  }

  @Property(tries = 2000)
  void anyChangeToASignedEnvelopeFailsVerification(
      @ForAll @Size(max = 64) byte[] content,
      @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 10_000) Integer> positions,
      @ForAll @Size(min = 4, max = 4) byte[] values)
      throws Exception {
    byte[] key = "k".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] original = ReferralEnvelope.encode(3, content, key);
    byte[] mutated = original.clone();
    for (int i = 0; i < positions.size(); i++) {
      mutated[positions.get(i) % mutated.length] = values[i];
    }
    try {
      ReferralEnvelope envelope = ReferralEnvelope.parse(mutated);
      assertThat(ReferralEnvelope.verify(envelope, key))
          .isEqualTo(Arrays.equals(mutated, original));
    } catch (MalformedEnvelopeException expected) {
      // the typed error
    }
  }
}
