package io.signpost.metrics;

import java.util.Locale;

/**
 * Why an accepted connection closed without an answer: the bounded {@code reason} tag of {@code
 * signpost.connections.unanswered}.
 */
public enum Unanswered {
  /** No complete first frame within {@code limits.connect_timeout}, or the QUIC idle timeout. */
  TIMEOUT,
  /** The first frame declared a length over {@code limits.max_frame_bytes}. */
  FRAME_TOO_LARGE,
  /** The client closed its stream or connection before its first frame was complete. */
  CLIENT_CLOSED,
  /** The router shut down before the client opened a stream. */
  SHUTDOWN,
  /** A stream or connection error, or the answer could not be written. */
  ERROR;

  /** Lower-case name for the tag. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
