package io.signpost.config.internal;

import io.signpost.annotation.Nullable;
import io.signpost.config.AdminConfig;
import io.signpost.config.ConfigDefaults;
import io.signpost.config.DiscoveryProviderConfig;
import io.signpost.config.HmacSecret;
import io.signpost.config.LimitsConfig;
import io.signpost.config.ListenAddress;
import io.signpost.config.LoggingConfig;
import io.signpost.config.QuicConfig;
import io.signpost.config.ReferralConfig;
import io.signpost.config.SignpostConfig;
import io.signpost.config.TlsConfig;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.file.BoundedFiles;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginSpec;
import io.signpost.routing.RoutingConfig;
import io.signpost.text.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a whole document into {@link SignpostConfig}, collecting every problem. Returns null when
 * there is any error.
 */
public final class SignpostReader {

  private static final Set<String> TOP_KEYS =
      Set.of(
          "listen",
          "tls",
          "quic",
          "logging",
          "routing",
          "referral",
          "messages",
          "discovery",
          "plugins",
          "limits",
          "admin");
  private static final Set<String> TLS_KEYS = Set.of("cert_file", "key_file", "alpn");
  private static final Set<String> QUIC_KEYS = Set.of("max_idle_timeout", "retry");
  private static final Set<String> LOGGING_KEYS = Set.of("log_client_ip");
  private static final Set<String> REFERRAL_KEYS = Set.of("key_id", "hmac_secret");
  private static final Set<String> LIMITS_KEYS =
      Set.of(
          "connect_timeout",
          "max_frame_bytes",
          "max_connections",
          "max_new_connections_per_source",
          "shutdown_grace",
          "plugin_startup_timeout");
  private static final Set<String> ADMIN_KEYS =
      Set.of("listen", "decision_log_size", "redact_identities");

  private final Map<String, ? extends PluginFactory<?>> factories;

  public SignpostReader(Map<String, ? extends PluginFactory<?>> factories) {
    this.factories = factories;
  }

  public @Nullable SignpostConfig read(ConfigNode root, List<ConfigProblem> problems) {
    if (!root.object(TOP_KEYS)) {
      return null;
    }
    ListenAddress listen = listen(root.get("listen"), ConfigDefaults.LISTEN, false);
    TlsConfig tls = tls(root.get("tls"));
    QuicConfig quic = quic(root.get("quic"));
    root.get("logging").object(LOGGING_KEYS);
    LoggingConfig logging =
        new LoggingConfig(
            root.get("logging").get("log_client_ip").bool(ConfigDefaults.LOG_CLIENT_IP));
    ReferralConfig referral = referral(root.get("referral"));
    List<DiscoveryProviderConfig> providers = new DiscoveryReader().read(root.get("discovery"));
    Set<String> providerNames = new LinkedHashSet<>();
    providers.forEach(p -> providerNames.add(p.name()));
    RoutingConfig routing = new RoutingReader(providerNames).read(root.get("routing"));
    var messages = new MessagesReader().read(root.get("messages"));
    List<PluginSpec<?>> plugins = new PluginsReader(factories).read(root.get("plugins"), problems);
    LimitsConfig limits = limits(root.get("limits"));
    AdminConfig admin = admin(root.get("admin"));
    if (root.errorCount() > 0) {
      return null;
    }
    warnWhenTheChainCanOutlastTheAnswerDeadline(plugins, limits, problems);
    return new SignpostConfig(
        listen, tls, quic, logging, routing, referral, messages, providers, plugins, limits, admin);
  }

  /**
   * The listener answers {@code internal_error} when a decision takes longer than {@code
   * limits.connect_timeout}; plugins run one after another, so timeouts that add up to more than
   * that can turn slow plugins into errors instead of their {@code on_error} policy.
   */
  private static void warnWhenTheChainCanOutlastTheAnswerDeadline(
      List<PluginSpec<?>> plugins, LimitsConfig limits, List<ConfigProblem> problems) {
    java.time.Duration total = java.time.Duration.ZERO;
    for (PluginSpec<?> plugin : plugins) {
      total = total.plus(plugin.config().timeout());
    }
    if (total.compareTo(limits.connectTimeout()) > 0) {
      problems.add(
          ConfigProblem.warning(
              "limits.connect_timeout",
              GoDuration.format(limits.connectTimeout())
                  + " is shorter than the plugins' timeouts added up ("
                  + GoDuration.format(total)
                  + "): a chain of slow plugins is answered with internal_error instead of"
                  + " their on_error policy (expected: at least the sum of the plugin timeouts)"));
    }
  }

  /** A listen address; null when wrong or (if allowed) empty. */
  private static @Nullable ListenAddress listen(ConfigNode n, String def, boolean emptyDisables) {
    String text = n.text(def);
    if (text.isEmpty()) {
      if (!emptyDisables) {
        n.error("must not be empty (expected: host:port, :port or [ipv6]:port)");
      }
      return null;
    }
    try {
      return ListenAddress.parse(text);
    } catch (IllegalArgumentException e) {
      n.error("\"" + text + "\": " + e.getMessage());
      return null;
    }
  }

  private static @Nullable TlsConfig tls(ConfigNode t) {
    if (!t.object(TLS_KEYS)) {
      return null;
    }
    String certText = t.get("cert_file").text("");
    String keyText = t.get("key_file").text("");
    Path cert = file(t.get("cert_file"), certText, "a PEM certificate");
    Path key = file(t.get("key_file"), keyText, "a PEM private key");
    boolean hasCert = !certText.isEmpty();
    boolean hasKey = !keyText.isEmpty();
    if (hasCert != hasKey) {
      t.get(hasCert ? "key_file" : "cert_file")
          .error(
              "missing while tls."
                  + (hasCert ? "cert_file" : "key_file")
                  + " is set (expected: both or neither)");
    }
    List<String> alpn = alpn(t.get("alpn"));
    if (alpn == null || hasCert != hasKey || (hasCert && (cert == null || key == null))) {
      return null;
    }
    return new TlsConfig(cert, key, alpn);
  }

  /** The ALPN list; the default when absent; null when wrong. */
  private static @Nullable List<String> alpn(ConfigNode n) {
    if (!n.isPresent()) {
      return ConfigDefaults.ALPN;
    }
    List<ConfigNode> items = n.items();
    if (!n.json().isArray()) {
      return null;
    }
    if (items.isEmpty()) {
      n.error("must not be empty (expected: at least one protocol, e.g. hytale/*)");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (ConfigNode item : items) {
      String a = item.isPresent() ? item.text() : "";
      if (a == null) {
        continue;
      }
      if (a.isBlank()) {
        item.error("must not be empty (expected: hytale/* or a literal protocol such as hytale/2)");
      } else if (a.indexOf('*') >= 0 && !a.equals("hytale/*")) {
        item.warning("only hytale/* is a wildcard; \"" + a + "\" is matched literally");
      }
      out.add(a);
    }
    return out;
  }

  private static @Nullable Path file(ConfigNode n, String text, String expected) {
    if (text.isEmpty()) {
      return null;
    }
    Path p;
    try {
      p = Path.of(text);
    } catch (InvalidPathException e) {
      n.error("invalid path \"" + text + "\" (expected: " + expected + ")");
      return null;
    }
    try {
      // Checked without opening: the listener reads it at start, with the same cap.
      BoundedFiles.check(p, BoundedFiles.PEM_FILE_MAX_BYTES, "a PEM file");
    } catch (NoSuchFileException e) {
      n.error("file not found: " + text + " (expected: " + expected + ")");
      return null;
    } catch (BoundedFiles.RefusedFileException e) {
      n.error(e.getMessage() + " (expected: " + expected + ")");
      return null;
    } catch (IOException e) {
      n.error("file not readable: " + text + " (expected: " + expected + ")");
      return null;
    }
    if (!Files.isReadable(p)) {
      n.error("file not readable: " + text + " (expected: " + expected + ")");
      return null;
    }
    return p;
  }

  private static @Nullable QuicConfig quic(ConfigNode q) {
    q.object(QUIC_KEYS);
    ConfigNode idle = q.get("max_idle_timeout");
    Duration d =
        idle.text("").isBlank()
            ? ConfigDefaults.QUIC_MAX_IDLE_TIMEOUT
            : idle.duration(ConfigDefaults.QUIC_MAX_IDLE_TIMEOUT, false);
    boolean retry = q.get("retry").bool(ConfigDefaults.QUIC_RETRY);
    return d == null ? null : new QuicConfig(d, retry);
  }

  private static @Nullable ReferralConfig referral(ConfigNode r) {
    r.object(REFERRAL_KEYS);
    Integer keyId = r.get("key_id").integer(ConfigDefaults.REFERRAL_KEY_ID, 0, 255, "0..255");
    ConfigNode secretNode = r.get("hmac_secret");
    String text = secretNode.text();
    HmacSecret secret = null;
    if (text != null && text.isBlank()) {
      secretNode.warning("empty: referral envelopes are not signed");
    } else if (text != null) {
      try {
        secret = HmacSecret.parse(text);
      } catch (IllegalArgumentException e) {
        secretNode.error(e.getMessage());
      }
    }
    return keyId == null ? null : new ReferralConfig(keyId, secret);
  }

  private static @Nullable LimitsConfig limits(ConfigNode l) {
    l.object(LIMITS_KEYS);
    Duration connect = l.get("connect_timeout").duration(ConfigDefaults.CONNECT_TIMEOUT, false);
    Integer frame =
        l.get("max_frame_bytes")
            .integer(
                ConfigDefaults.MAX_FRAME_BYTES,
                1,
                ConfigDefaults.MAX_FRAME_BYTES_CEILING,
                "1.." + ConfigDefaults.MAX_FRAME_BYTES_CEILING);
    Integer conns =
        l.get("max_connections")
            .integer(ConfigDefaults.MAX_CONNECTIONS, 1, Integer.MAX_VALUE, ">= 1");
    Integer perSource =
        l.get("max_new_connections_per_source")
            .integer(ConfigDefaults.MAX_NEW_CONNECTIONS_PER_SOURCE, 1, Integer.MAX_VALUE, ">= 1");
    Duration grace = l.get("shutdown_grace").duration(ConfigDefaults.SHUTDOWN_GRACE, true);
    Duration startup =
        l.get("plugin_startup_timeout").duration(ConfigDefaults.PLUGIN_STARTUP_TIMEOUT, true);
    if (connect == null
        || frame == null
        || conns == null
        || perSource == null
        || grace == null
        || startup == null) {
      return null;
    }
    return new LimitsConfig(connect, frame, conns, perSource, grace, startup);
  }

  private static @Nullable AdminConfig admin(ConfigNode a) {
    a.object(ADMIN_KEYS);
    ListenAddress listen = listen(a.get("listen"), ConfigDefaults.ADMIN_LISTEN, true);
    Integer size =
        a.get("decision_log_size")
            .integer(
                ConfigDefaults.DECISION_LOG_SIZE,
                0,
                ConfigDefaults.DECISION_LOG_SIZE_MAX,
                "0.." + ConfigDefaults.DECISION_LOG_SIZE_MAX);
    boolean redact = a.get("redact_identities").bool(ConfigDefaults.REDACT_IDENTITIES);
    return size == null ? null : new AdminConfig(listen, size, redact);
  }
}
