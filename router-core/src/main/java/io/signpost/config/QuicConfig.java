package io.signpost.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The {@code quic} section.
 *
 * @param maxIdleTimeout connections idle this long are closed
 * @param retry whether new clients must prove their address with a retry token (a Signpost key)
 */
public record QuicConfig(Duration maxIdleTimeout, boolean retry) {

  public QuicConfig {
    requireNonNull(maxIdleTimeout, "maxIdleTimeout");
  }
}
