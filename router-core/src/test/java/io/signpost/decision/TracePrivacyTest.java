package io.signpost.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class TracePrivacyTest {

  private static final String UUID = "123e4567-e89b-12d3-a456-426614174000";

  @Test
  void defaultsRedactUsernameDropUuidAndClientAddress() {
    TracePrivacy privacy = TracePrivacy.DEFAULT;
    assertThat(privacy.username("alice")).isEqualTo("al***");
    assertThat(privacy.username("abcd")).isEqualTo("ab***");
    assertThat(privacy.username("bob")).isEqualTo("b***");
    assertThat(privacy.username("jo")).isEqualTo("j***");
    assertThat(privacy.username("x")).isEqualTo("***");
    assertThat(privacy.uuid(UUID)).isNull();
    assertThat(privacy.clientAddress(new InetSocketAddress("192.0.2.7", 40000))).isNull();
  }

  @Test
  void redactionKeepsWholeCodePoints() {
    assertThat(TracePrivacy.DEFAULT.username("😀😁ab")).isEqualTo("😀😁***");
  }

  @Test
  void blankIdentitiesAreNull() {
    TracePrivacy open = new TracePrivacy(true, false);
    assertThat(open.username(" ")).isNull();
    assertThat(open.username(null)).isNull();
    assertThat(open.uuid("")).isNull();
    assertThat(open.clientAddress(null)).isNull();
  }

  @Test
  void disabledRedactionAndClientLoggingKeepEverything() {
    TracePrivacy open = new TracePrivacy(true, false);
    assertThat(open.username("alice")).isEqualTo("alice");
    assertThat(open.uuid(UUID)).isEqualTo(UUID);
    assertThat(open.clientAddress(new InetSocketAddress("192.0.2.7", 40000)))
        .isEqualTo("192.0.2.7:40000");
    assertThat(open.clientAddress(new InetSocketAddress("::1", 40000)))
        .isEqualTo("[0:0:0:0:0:0:0:1]:40000");
  }
}
