package io.signpost.runtime;

import io.signpost.config.SignpostConfig;
import io.signpost.text.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings a running router cannot change: those the QUIC listener, the admin endpoint, the log
 * and the discovery providers were built with. A reload that changes any of them is refused as a
 * whole, naming each, rather than applied in part.
 */
final class RestartOnlySettings {

  private RestartOnlySettings() {}

  /** One message per setting {@code next} changes, empty when it changes none. */
  static List<String> changed(SignpostConfig running, SignpostConfig next) {
    List<String> out = new ArrayList<>();
    shown(out, "listen", running.listen(), next.listen());
    shown(out, "tls.cert_file", running.tls().certFile(), next.tls().certFile());
    shown(out, "tls.key_file", running.tls().keyFile(), next.tls().keyFile());
    shown(out, "tls.alpn", running.tls().alpn(), next.tls().alpn());
    shown(
        out,
        "quic.max_idle_timeout",
        running.quic().maxIdleTimeout(),
        next.quic().maxIdleTimeout());
    shown(out, "quic.retry", running.quic().retry(), next.quic().retry());
    hidden(
        out,
        "quic.retry_token_secret",
        running.quic().retryTokenSecret(),
        next.quic().retryTokenSecret());
    var limits = running.limits();
    var nextLimits = next.limits();
    shown(out, "limits.connect_timeout", limits.connectTimeout(), nextLimits.connectTimeout());
    shown(out, "limits.max_frame_bytes", limits.maxFrameBytes(), nextLimits.maxFrameBytes());
    shown(out, "limits.max_connections", limits.maxConnections(), nextLimits.maxConnections());
    shown(
        out,
        "limits.max_new_connections_per_source",
        limits.maxNewConnectionsPerSource(),
        nextLimits.maxNewConnectionsPerSource());
    shown(out, "limits.shutdown_grace", limits.shutdownGrace(), nextLimits.shutdownGrace());
    shown(
        out, "listener.event_loops", running.listener().eventLoops(), next.listener().eventLoops());
    shown(out, "admin.listen", running.admin().listen(), next.admin().listen());
    shown(
        out,
        "admin.decision_log_size",
        running.admin().decisionLogSize(),
        next.admin().decisionLogSize());
    shown(out, "logging.format", running.logging().format(), next.logging().format());
    shown(
        out,
        "logging.log_client_ip",
        running.logging().logClientIp(),
        next.logging().logClientIp());
    if (!running.discoveryProviders().equals(next.discoveryProviders())) {
      out.add(
          "discovery.providers: changed (providers and their sections are built once, at start)");
    }
    return out;
  }

  private static void shown(List<String> out, String key, Object was, Object now) {
    if (!Objects.equals(was, now)) {
      out.add(key + ": " + text(was) + " -> " + text(now));
    }
  }

  private static void hidden(List<String> out, String key, Object was, Object now) {
    if (!Objects.equals(was, now)) {
      out.add(key + ": changed");
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return "unset";
    }
    if (value instanceof Duration d) {
      return GoDuration.format(d);
    }
    return value.toString();
  }
}
