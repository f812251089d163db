package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.server.ListenerObserver.HandshakeFailureReason;
import java.io.IOException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ConnectionTrackerTest {

  @Test
  void boringSslsNoApplicationProtocolIsAnAlpnFailure() {
    var cause =
        new SSLHandshakeException(
            "error:10000133:SSL routines:OPENSSL_internal:NO_APPLICATION_PROTOCOL");

    assertThat(ConnectionTracker.classify(cause)).isEqualTo(HandshakeFailureReason.ALPN);
  }

  @Test
  void alpnMentionedInACauseIsAnAlpnFailure() {
    var cause = new SSLHandshakeException("handshake failed");
    cause.initCause(new IllegalStateException("no ALPN match"));

    assertThat(ConnectionTracker.classify(cause)).isEqualTo(HandshakeFailureReason.ALPN);
  }

  @Test
  void otherTlsFailuresAreTlsAndTheRestOther() {
    assertThat(ConnectionTracker.classify(new SSLHandshakeException("CERTIFICATE_VERIFY_FAILED")))
        .isEqualTo(HandshakeFailureReason.TLS);
    assertThat(ConnectionTracker.classify(new IOException("reset")))
        .isEqualTo(HandshakeFailureReason.OTHER);
  }
}
