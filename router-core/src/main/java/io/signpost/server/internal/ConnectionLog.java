package io.signpost.server.internal;

import io.signpost.server.ListenerShutdownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's per-connection log lines: one info line per decision (answered, refused, failed),
 * debug lines for the steps in between. Never logs payload bytes. The client address appears only
 * when {@code logClientIp} is set.
 */
public final class ConnectionLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.signpost.server.QuicListener");

  private final boolean logClientIp;

  ConnectionLog(boolean logClientIp) {
    this.logClientIp = logClientIp;
  }

  void answered(ConnectionSession session, String summary) {
    LOG.info(
        "answered sni={} alpn={} {} duration_ms={}{}",
        session.sniForLog(),
        session.alpnForLog(),
        summary,
        session.elapsedMillis(),
        client(session));
  }

  void failed(ConnectionSession session, Throwable cause, String summary) {
    if (cause instanceof ListenerShutdownException) {
      LOG.info(
          "answered at shutdown sni={} alpn={} {} duration_ms={}{}",
          session.sniForLog(),
          session.alpnForLog(),
          summary,
          session.elapsedMillis(),
          client(session));
      return;
    }
    LOG.warn(
        "answered with failure sni={} alpn={} cause=\"{}\" {} duration_ms={}{}",
        session.sniForLog(),
        session.alpnForLog(),
        cause,
        summary,
        session.elapsedMillis(),
        client(session));
  }

  void unanswered(ConnectionSession session, String reason) {
    LOG.info(
        "closed without answer sni={} alpn={} reason=\"{}\" duration_ms={}{}",
        session.sniForLog(),
        session.alpnForLog(),
        reason,
        session.elapsedMillis(),
        client(session));
  }

  void broken(ConnectionSession session, Throwable error) {
    LOG.error(
        "closed without answer: the connection handler's onFailure threw sni={} alpn={}{}",
        session.sniForLog(),
        session.alpnForLog(),
        client(session),
        error);
  }

  void debug(ConnectionSession session, String event, Object detail) {
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} sni={} detail={} elapsed_ms={}{}",
          event,
          session.sniForLog(),
          detail,
          session.elapsedMillis(),
          client(session));
    }
  }

  private String client(ConnectionSession session) {
    return logClientIp ? " client=" + session.remoteAddress() : "";
  }
}
