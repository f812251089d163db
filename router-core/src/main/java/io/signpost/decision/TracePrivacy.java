package io.signpost.decision;

import io.signpost.annotation.Nullable;
import java.net.InetSocketAddress;

/**
 * What a decision trace may keep about the client. The one place that applies config {@code
 * logging.log_client_ip} and {@code admin.redact_identities} to traces.
 *
 * <p>Redacted usernames keep a short prefix and end in {@code ***}: two code points for names of
 * four or more, one for names of two or three, none for a single character ({@code alice -> al***},
 * {@code bob -> b***}, {@code x -> ***}). Redacted UUIDs are dropped entirely. The identity token
 * is never part of a trace.
 *
 * @param logClientIp keep the client's socket address ({@code logging.log_client_ip}, default off)
 * @param redactIdentities redact username and UUID ({@code admin.redact_identities}, default on)
 */
public record TracePrivacy(boolean logClientIp, boolean redactIdentities) {

  /** The defaults: no client address, identities redacted. */
  public static final TracePrivacy DEFAULT = new TracePrivacy(false, true);

  private static final String MASK = "***";

  /** The client address as {@code host:port}, or null when client addresses are not logged. */
  public @Nullable String clientAddress(@Nullable InetSocketAddress address) {
    if (!logClientIp || address == null) {
      return null;
    }
    String host =
        address.getAddress() != null
            ? address.getAddress().getHostAddress()
            : address.getHostString();
    return host.indexOf(':') >= 0
        ? "[" + host + "]:" + address.getPort()
        : host + ":" + address.getPort();
  }

  /** The username as a trace may show it; null for null or blank input. */
  public @Nullable String username(@Nullable String username) {
    if (username == null || username.isBlank()) {
      return null;
    }
    if (!redactIdentities) {
      return username;
    }
    int length = username.codePointCount(0, username.length());
    int keep = length >= 4 ? 2 : length >= 2 ? 1 : 0;
    return username.substring(0, username.offsetByCodePoints(0, keep)) + MASK;
  }

  /** The UUID as a trace may show it: null when redacted, null or blank. */
  public @Nullable String uuid(@Nullable String uuid) {
    if (uuid == null || uuid.isBlank() || redactIdentities) {
      return null;
    }
    return uuid;
  }
}
