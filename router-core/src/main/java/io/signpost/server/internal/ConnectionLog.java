package io.signpost.server.internal;

import io.signpost.server.ListenerShutdownException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The listener's per-connection log lines: one info line per decision (answered, refused, failed),
 * debug lines for the steps in between. Never logs payload bytes. The client address appears only
 * when {@code logClientIp} is set.
 *
 * <p>Each decision line also carries its fields as SLF4J key/value pairs, which a text log leaves
 * out (the message already reads {@code sni=... alpn=...}) and a JSON log writes as keys: {@code
 * event} ({@code answered}, {@code answered_at_shutdown}, {@code answered_with_failure}, {@code
 * unanswered}, {@code broken}), {@code sni}, {@code alpn}, the handler's {@link
 * io.signpost.server.Answer#logFields()} ({@code outcome}, {@code route}, {@code backend}...),
 * {@code cause} or {@code reason} when there is one, {@code duration_ms} and, when asked, {@code
 * client}.
 */
public final class ConnectionLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.signpost.server.QuicListener");

  private final boolean logClientIp;

  ConnectionLog(boolean logClientIp) {
    this.logClientIp = logClientIp;
  }

  void answered(ConnectionSession session, String summary, Map<String, Object> fields) {
    decision(LOG.atInfo(), "answered", session, fields)
        .log(
            "answered sni={} alpn={} {} duration_ms={}{}",
            session.sniForLog(),
            session.alpnForLog(),
            summary,
            session.elapsedMillis(),
            client(session));
  }

  void failed(
      ConnectionSession session, Throwable cause, String summary, Map<String, Object> fields) {
    if (cause instanceof ListenerShutdownException) {
      decision(LOG.atInfo(), "answered_at_shutdown", session, fields)
          .log(
              "answered at shutdown sni={} alpn={} {} duration_ms={}{}",
              session.sniForLog(),
              session.alpnForLog(),
              summary,
              session.elapsedMillis(),
              client(session));
      return;
    }
    decision(LOG.atWarn(), "answered_with_failure", session, fields)
        .addKeyValue("cause", String.valueOf(cause))
        .log(
            "answered with failure sni={} alpn={} cause=\"{}\" {} duration_ms={}{}",
            session.sniForLog(),
            session.alpnForLog(),
            cause,
            summary,
            session.elapsedMillis(),
            client(session));
  }

  void unanswered(ConnectionSession session, String reason) {
    decision(LOG.atInfo(), "unanswered", session, Map.of())
        .addKeyValue("reason", reason)
        .log(
            "closed without answer sni={} alpn={} reason=\"{}\" duration_ms={}{}",
            session.sniForLog(),
            session.alpnForLog(),
            reason,
            session.elapsedMillis(),
            client(session));
  }

  void broken(ConnectionSession session, Throwable error) {
    decision(LOG.atError(), "broken", session, Map.of())
        .setCause(error)
        .log(
            "closed without answer: the connection handler's onFailure threw sni={} alpn={}{}",
            session.sniForLog(),
            session.alpnForLog(),
            client(session));
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

  /** The key/value pairs every decision line carries; {@code duration_ms} and client last. */
  private LoggingEventBuilder decision(
      LoggingEventBuilder line,
      String event,
      ConnectionSession session,
      Map<String, Object> fields) {
    line.addKeyValue("event", event)
        .addKeyValue("sni", session.sniForLog())
        .addKeyValue("alpn", session.alpnForLog());
    fields.forEach(line::addKeyValue);
    line.addKeyValue("duration_ms", session.elapsedMillis());
    if (logClientIp) {
      line.addKeyValue("client", String.valueOf(session.remoteAddress()));
    }
    return line;
  }

  private String client(ConnectionSession session) {
    return logClientIp ? " client=" + session.remoteAddress() : "";
  }
}
