package io.signpost.protocol;

import static java.util.Objects.requireNonNull;

/** The outcome of {@link ConnectDecoder#decode}: a packet, or the reason none could be read. */
public sealed interface ConnectDecodeResult {

  /** The payload decoded with one of the two layouts. */
  record Decoded(ConnectPacket packet) implements ConnectDecodeResult {
    public Decoded {
      requireNonNull(packet, "packet");
    }
  }

  /** The payload fits neither layout. {@code reason} says why, for logs. */
  record Undecodable(String reason) implements ConnectDecodeResult {
    public Undecodable {
      requireNonNull(reason, "reason");
    }
  }
}
