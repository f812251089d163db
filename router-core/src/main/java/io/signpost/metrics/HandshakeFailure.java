package io.signpost.metrics;

import java.util.Locale;

/**
 * Why a QUIC handshake failed: the bounded {@code reason} tag of {@code
 * signpost.handshakes.failed}.
 */
public enum HandshakeFailure {
  /** The client offered no ALPN value the router accepts. */
  ALPN,
  /** TLS failed: bad client hello, certificate problem, unsupported parameters. */
  TLS,
  /** Refused by a limit: too many connections overall or from one address. */
  LIMIT,
  /** Anything else. */
  OTHER;

  /** Lower-case name for the tag. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
