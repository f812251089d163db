package io.signpost.protocol;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.ConnectEvent;

/** The outcome of {@link ConnectDecoder#decode}: a packet, or the reason none could be read. */
public sealed interface ConnectDecodeResult {

  /**
   * The plugin event for this client: the decoded fields when there are any, else the TLS facts
   * alone (the router then routes by SNI only).
   */
  ConnectEvent toEvent(String sni, @Nullable String clientCertFingerprint, @Nullable String alpn);

  /** The payload decoded with one of the two layouts. */
  record Decoded(ConnectPacket packet) implements ConnectDecodeResult {
    public Decoded {
      requireNonNull(packet, "packet");
    }

    @Override
    public ConnectEvent toEvent(
        String sni, @Nullable String clientCertFingerprint, @Nullable String alpn) {
      return packet.toEvent(sni, clientCertFingerprint, alpn);
    }
  }

  /** The payload fits neither layout. {@code reason} says why, for logs. */
  record Undecodable(String reason) implements ConnectDecodeResult {
    public Undecodable {
      requireNonNull(reason, "reason");
    }

    @Override
    public ConnectEvent toEvent(
        String sni, @Nullable String clientCertFingerprint, @Nullable String alpn) {
      return new ConnectEvent(sni, clientCertFingerprint, null, null, null, null, null, null, alpn);
    }
  }
}
