package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionSessionTest {

  @Test
  void sniIsLowerCasedWithoutTrailingDot() {
    assertThat(ConnectionSession.normalizeSni("Play.Example.COM.")).isEqualTo("play.example.com");
    assertThat(ConnectionSession.normalizeSni(null)).isEmpty();
    assertThat(ConnectionSession.normalizeSni("")).isEmpty();
  }
}
