/**
 * Netty QUIC plumbing behind {@link io.signpost.server.QuicListener}: per-connection sessions, the
 * first-frame reader, admission limits, Retry tokens and TLS setup. Not an API; may change freely.
 */
package io.signpost.server.internal;
