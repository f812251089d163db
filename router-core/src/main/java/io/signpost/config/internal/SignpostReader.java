package io.signpost.config.internal;

import io.signpost.annotation.Nullable;
import io.signpost.config.AdminConfig;
import io.signpost.config.ConfigDefaults;
import io.signpost.config.HmacSecret;
import io.signpost.config.LimitsConfig;
import io.signpost.config.ListenAddress;
import io.signpost.config.ListenerConfig;
import io.signpost.config.LoggingConfig;
import io.signpost.config.QuicConfig;
import io.signpost.config.ReferralConfig;
import io.signpost.config.SignpostConfig;
import io.signpost.config.TlsConfig;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.file.BoundedFiles;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginSpec;
import io.signpost.routing.RoutingConfig;
import io.signpost.text.GoDuration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
          "admin",
          "listener");
  private static final Set<String> TLS_KEYS = Set.of("cert_file", "key_file", "alpn");
  private static final Set<String> QUIC_KEYS =
      Set.of("max_idle_timeout", "retry", "retry_token_secret", "retry_token_secret_file");
  private static final Set<String> LOGGING_KEYS = Set.of("log_client_ip", "format");
  private static final Set<String> REFERRAL_KEYS = Set.of("key_id", "hmac_secret");
  private static final Set<String> LIMITS_KEYS =
      Set.of(
          "connect_timeout",
          "max_frame_bytes",
          "max_connections",
          "max_new_connections_per_source",
          "shutdown_grace",
          "plugin_startup_timeout");
  private static final Set<String> LISTENER_KEYS = Set.of("event_loops");
  private static final Set<String> ADMIN_KEYS =
      Set.of("listen", "decision_log_size", "redact_identities");

  private final Map<String, ? extends PluginFactory<?>> factories;
  private final Map<String, DiscoveryProviderFactory> discoveryFactories;

  /**
   * @param factories plugin factories by type
   * @param discoveryFactories discovery provider factories by type
   */
  public SignpostReader(
      Map<String, ? extends PluginFactory<?>> factories,
      Map<String, DiscoveryProviderFactory> discoveryFactories) {
    this.factories = factories;
    this.discoveryFactories = discoveryFactories;
  }

  public @Nullable SignpostConfig read(ConfigNode root, List<ConfigProblem> problems) {
    if (!root.object(TOP_KEYS)) {
      return null;
    }
    ListenAddress listen = listen(root.get("listen"), ConfigDefaults.LISTEN, false);
    TlsConfig tls = tls(root.get("tls"));
    QuicConfig quic = quic(root.get("quic"));
    LoggingConfig logging = logging(root.get("logging"));
    ReferralConfig referral = referral(root.get("referral"));
    List<DiscoveryProviderConfig> providers =
        new DiscoveryReader(discoveryFactories).read(root.get("discovery"), problems);
    Set<String> providerNames = new LinkedHashSet<>();
    providers.forEach(p -> providerNames.add(p.name()));
    RoutingConfig routing = new RoutingReader(providerNames).read(root.get("routing"));
    var messages = new MessagesReader().read(root.get("messages"));
    List<PluginSpec<?>> plugins = new PluginsReader(factories).read(root.get("plugins"), problems);
    LimitsConfig limits = limits(root.get("limits"));
    AdminConfig admin = admin(root.get("admin"));
    ListenerConfig listener = listener(root.get("listener"));
    if (root.errorCount() > 0) {
      return null;
    }
    warnWhenTheChainCanOutlastTheAnswerDeadline(plugins, limits, problems);
    return new SignpostConfig(
        listen, tls, quic, logging, routing, referral, messages, providers, plugins, limits, admin,
        listener);
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
      if (!plugin.config().shadow()) { // a shadow call is never waited for
        total = total.plus(plugin.config().timeout());
      }
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

  /**
   * The ALPN list; the default when absent; null when wrong. Blank entries are skipped, as Hyrouter
   * skips them; a list of only blank entries means Hyrouter's fallback, {@code hytale/2} and {@code
   * hytale/1}.
   */
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
        item.warning("empty entry skipped, as in Hyrouter");
        continue;
      }
      if (a.indexOf('*') >= 0 && !a.strip().equals("hytale/*")) {
        item.warning("only hytale/* is a wildcard; \"" + a + "\" is matched literally");
      }
      out.add(a.strip());
    }
    if (out.isEmpty() && n.errorCount() == 0) {
      n.warning(
          "no protocol left after skipping empty entries: accepting "
              + String.join(" and ", ConfigDefaults.ALPN_WHEN_ONLY_BLANK)
              + ", as Hyrouter does");
      return ConfigDefaults.ALPN_WHEN_ONLY_BLANK;
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
            : idle.duration(ConfigDefaults.QUIC_MAX_IDLE_TIMEOUT, true);
    if (d != null && d.isZero()) {
      // quic-go, under Hyrouter, reads 0 as "use the transport default".
      d = ConfigDefaults.QUIC_MAX_IDLE_TIMEOUT;
    }
    boolean retry = q.get("retry").bool(ConfigDefaults.QUIC_RETRY);
    HmacSecret secret = retryTokenSecret(q, retry);
    return d == null ? null : new QuicConfig(d, retry, secret);
  }

  /**
   * The Retry token key from {@code retry_token_secret} (inline) or {@code retry_token_secret_file}
   * (a file holding the same text, such as a mounted Kubernetes Secret); null when neither is set
   * or when it is wrong (the error is recorded).
   */
  private static @Nullable HmacSecret retryTokenSecret(ConfigNode q, boolean retry) {
    ConfigNode inline = q.get("retry_token_secret");
    ConfigNode file = q.get("retry_token_secret_file");
    String inlineText = inline.text();
    String filePath = file.text();
    if (inlineText == null && filePath == null) {
      return null;
    }
    if (inlineText != null && filePath != null) {
      file.error("set together with quic.retry_token_secret (expected: one of the two)");
      return null;
    }
    ConfigNode node = inlineText != null ? inline : file;
    if (!retry) {
      node.warning("ignored: quic.retry is false, so no retry tokens are minted");
    }
    String text = inlineText != null ? inlineText : secretFile(file, filePath);
    if (text == null) {
      return null;
    }
    if (text.isBlank()) {
      node.error(
          "empty (expected: a secret of at least "
              + ConfigDefaults.RETRY_TOKEN_SECRET_MIN_BYTES
              + " bytes, or no key at all for a random one per process)");
      return null;
    }
    HmacSecret secret;
    try {
      secret = HmacSecret.parse(text);
    } catch (IllegalArgumentException e) {
      node.error(e.getMessage());
      return null;
    }
    if (secret.length() < ConfigDefaults.RETRY_TOKEN_SECRET_MIN_BYTES) {
      node.error(
          secret.length()
              + " bytes (expected: at least "
              + ConfigDefaults.RETRY_TOKEN_SECRET_MIN_BYTES
              + "; best 32 random bytes: \"base64:\" followed by openssl rand -base64 32)");
      return null;
    }
    return secret;
  }

  /** The text of a secret file, read through {@link BoundedFiles}; null when it cannot be. */
  private static @Nullable String secretFile(ConfigNode n, String path) {
    String expected = " (expected: a file holding the secret as text)";
    if (path.isBlank()) {
      n.error("empty" + expected);
      return null;
    }
    byte[] bytes;
    try {
      bytes = BoundedFiles.read(Path.of(path), BoundedFiles.SECRET_FILE_MAX_BYTES, "a secret file");
    } catch (InvalidPathException e) {
      n.error("invalid path \"" + path + "\"" + expected);
      return null;
    } catch (NoSuchFileException e) {
      n.error("file not found: " + path + expected);
      return null;
    } catch (BoundedFiles.RefusedFileException e) {
      n.error(e.getMessage() + expected);
      return null;
    } catch (IOException e) {
      n.error("file not readable: " + path + expected);
      return null;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      n.error(
          path
              + ": not UTF-8 text (expected: the secret as text: raw, base64:<base64> or"
              + " hex:<hex digits>)");
      return null;
    }
  }

  private static @Nullable LoggingConfig logging(ConfigNode l) {
    l.object(LOGGING_KEYS);
    boolean clientIp = l.get("log_client_ip").bool(ConfigDefaults.LOG_CLIENT_IP);
    ConfigNode formatNode = l.get("format");
    String text = formatNode.text(ConfigDefaults.LOG_FORMAT.tag());
    Optional<LoggingConfig.Format> format =
        text.isBlank() ? Optional.of(ConfigDefaults.LOG_FORMAT) : LoggingConfig.Format.parse(text);
    if (format.isEmpty()) {
      formatNode.error("\"" + text + "\" (expected: text or json)");
      return null;
    }
    return new LoggingConfig(clientIp, format.get());
  }

  private static @Nullable ReferralConfig referral(ConfigNode r) {
    r.object(REFERRAL_KEYS);
    Integer keyId = r.get("key_id").integer(ConfigDefaults.REFERRAL_KEY_ID, 0, 255, "0..255");
    ConfigNode secretNode = r.get("hmac_secret");
    String text = secretNode.text();
    HmacSecret secret = null;
    if (text != null && text.isBlank()) {
      secretNode.warning("empty: referral envelopes are not signed");
    } else if (text != null && HmacSecret.isEmptyEncoding(text)) {
      secretNode.warning("decodes to no bytes: referral envelopes are not signed");
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

  private static @Nullable ListenerConfig listener(ConfigNode l) {
    l.object(LISTENER_KEYS);
    Integer loops =
        l.get("event_loops")
            .integer(
                ConfigDefaults.eventLoops(),
                1,
                ConfigDefaults.MAX_EVENT_LOOPS,
                "1.." + ConfigDefaults.MAX_EVENT_LOOPS);
    return loops == null ? null : new ListenerConfig(loops);
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
