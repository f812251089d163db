package io.signpost.runtime;

import io.signpost.metrics.HandshakeFailure;
import io.signpost.metrics.RouterMetrics;
import io.signpost.metrics.Unanswered;
import io.signpost.server.ListenerObserver;

/** Feeds the listener's connection events into the router metrics. */
final class MetricsObserver implements ListenerObserver {

  private final RouterMetrics metrics;

  MetricsObserver(RouterMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void accepted() {
    metrics.connectionAccepted();
  }

  @Override
  public void closed() {
    metrics.connectionClosed();
  }

  @Override
  public void unanswered(UnansweredReason reason) {
    metrics.connectionUnanswered(
        switch (reason) {
          case TIMEOUT -> Unanswered.TIMEOUT;
          case FRAME_TOO_LARGE -> Unanswered.FRAME_TOO_LARGE;
          case CLIENT_CLOSED -> Unanswered.CLIENT_CLOSED;
          case SHUTDOWN -> Unanswered.SHUTDOWN;
          case ERROR -> Unanswered.ERROR;
        });
  }

  @Override
  public void handshakeFailed(HandshakeFailureReason reason) {
    metrics.handshakeFailed(
        switch (reason) {
          case ALPN -> HandshakeFailure.ALPN;
          case TLS -> HandshakeFailure.TLS;
          case LIMIT -> HandshakeFailure.LIMIT;
          case OTHER -> HandshakeFailure.OTHER;
        });
  }
}
