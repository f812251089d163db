package io.signpost.config;

import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.plugin.Backend;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.Stage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every default of the configuration, in one place. docs/configuration.md lists the same values.
 */
public final class ConfigDefaults {

  private ConfigDefaults() {}

  /** {@code listen}: every interface, UDP port 5520. */
  public static final String LISTEN = ":5520";

  /** {@code tls.alpn}: any {@code hytale/<n>} the client offers. */
  public static final List<String> ALPN = List.of("hytale/*");

  /** {@code tls.alpn} when every configured entry is blank: Hyrouter's fallback list. */
  public static final List<String> ALPN_WHEN_ONLY_BLANK = List.of("hytale/2", "hytale/1");

  /** {@code quic.max_idle_timeout}. */
  public static final Duration QUIC_MAX_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** {@code quic.retry}: validate client addresses with retry tokens. */
  public static final boolean QUIC_RETRY = true;

  /**
   * The shortest {@code quic.retry_token_secret} accepted, in bytes. Without one, each process
   * draws a random 32-byte key.
   */
  public static final int RETRY_TOKEN_SECRET_MIN_BYTES = 16;

  /** The largest {@code listener.event_loops} accepted. */
  public static final int MAX_EVENT_LOOPS = 256;

  /**
   * {@code listener.event_loops}: one QUIC event loop per processor available to the JVM (which
   * honours container CPU limits), at most {@link #MAX_EVENT_LOOPS}.
   */
  public static int eventLoops() {
    return Math.min(Runtime.getRuntime().availableProcessors(), MAX_EVENT_LOOPS);
  }

  /** {@code logging.log_client_ip}: client addresses stay out of logs (Hyrouter logs them). */
  public static final boolean LOG_CLIENT_IP = false;

  /** {@code logging.format}: lines of text, as a terminal shows them. */
  public static final LoggingConfig.Format LOG_FORMAT = LoggingConfig.Format.TEXT;

  /** {@code referral.key_id}. */
  public static final int REFERRAL_KEY_ID = 0;

  /** {@code limits.connect_timeout}: deadline for the first Connect frame. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** {@code limits.max_frame_bytes}: cap on the first frame's declared payload length. */
  public static final int MAX_FRAME_BYTES = 65_536;

  /** The largest {@code limits.max_frame_bytes} accepted: 4 MiB. */
  public static final int MAX_FRAME_BYTES_CEILING = 4 * 1024 * 1024;

  /** {@code limits.max_connections}: concurrent connections. */
  public static final int MAX_CONNECTIONS = 10_000;

  /** {@code limits.max_new_connections_per_source}: new connections per source IP per second. */
  public static final int MAX_NEW_CONNECTIONS_PER_SOURCE = 50;

  /** {@code limits.shutdown_grace}: how long open connections may finish on shutdown. */
  public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  /**
   * {@code limits.plugin_startup_timeout}: how long startup waits for every plugin to answer once.
   */
  public static final Duration PLUGIN_STARTUP_TIMEOUT = Duration.ofSeconds(30);

  /** {@code admin.listen}: loopback only; an empty string disables the admin endpoint. */
  public static final String ADMIN_LISTEN = "127.0.0.1:9091";

  /** {@code admin.decision_log_size}: recent routing decisions kept for the admin endpoint. */
  public static final int DECISION_LOG_SIZE = 100;

  /** The largest {@code admin.decision_log_size} accepted, to keep the heap bounded. */
  public static final int DECISION_LOG_SIZE_MAX = 100_000;

  /** {@code admin.redact_identities}: UUIDs and names are masked in the decision log. */
  public static final boolean REDACT_IDENTITIES = true;

  /** {@code plugins[].timeout}; defined with the plugin API, which plugin hosts see. */
  public static final Duration PLUGIN_TIMEOUT = PluginConfig.DEFAULT_TIMEOUT;

  /** {@code plugins[].on_error}; defined with the plugin API. */
  public static final OnError PLUGIN_ON_ERROR = PluginConfig.DEFAULT_ON_ERROR;

  /** {@code plugins[].shadow}: an entry's answer is applied. */
  public static final boolean PLUGIN_SHADOW = false;

  /** {@code plugins[].stage}; defined with the plugin API. */
  public static final Stage PLUGIN_STAGE = PluginConfig.DEFAULT_STAGE;

  /** {@code routing.routes[].pool.discovery.mode}. */
  public static final String DISCOVERY_MODE = "union";

  /**
   * Signpost: how long a discovery provider may go without a working watch before it counts as
   * stale ({@code discovery.providers[].<type>.stale_after}); it keeps routing on its last list.
   */
  public static final Duration DISCOVERY_STALE_AFTER = DiscoveryProviderConfig.DEFAULT_STALE_AFTER;

  /**
   * The placeholder backend of {@link SignpostConfig#defaults()}, used when {@code run} is given no
   * file: a game server on the same host, one port above the router.
   */
  public static final Backend PLACEHOLDER_BACKEND = Backend.of("127.0.0.1", 5521);

  /** {@code messages.disconnect}: Hyrouter's English texts, plus Signpost's own keys. */
  public static final Map<String, String> DISCONNECT_MESSAGES =
      ordered(
          "no_route", "The server is currently unavailable.",
          "no_backends", "The server is full or restarting. Please try again in a moment.",
          "routing_error", "The server is currently unreachable. Please try again later.",
          "discovery_error",
              "The server is looking for an available instance. Please try again in a moment.",
          "denied", "You cannot join this server right now.",
          "internal_error", "Something went wrong on the server. Please try again later.",
          "shutting_down", "The server is restarting. Please reconnect in a moment.");

  /**
   * {@code messages.disconnect_locales} when the key is absent (Hyrouter's translations). An
   * explicit {@code disconnect_locales: {}} turns them off.
   */
  public static final Map<String, Map<String, String>> DISCONNECT_LOCALES = builtInLocales();

  private static Map<String, Map<String, String>> builtInLocales() {
    Map<String, Map<String, String>> m = new LinkedHashMap<>();
    m.put(
        "de",
        ordered(
            "no_route", "Der Server ist aktuell nicht verfügbar.",
            "no_backends",
                "Der Server ist gerade voll oder startet neu. Bitte versuche es gleich erneut.",
            "routing_error",
                "Der Server ist aktuell nicht erreichbar. Bitte versuche es später erneut.",
            "discovery_error",
                "Der Server sucht gerade eine freie Instanz. Bitte versuche es gleich erneut."));
    m.put(
        "fr",
        ordered(
            "no_route", "Le serveur est actuellement indisponible.",
            "no_backends", "Le serveur est plein ou redémarre. Réessaie dans un instant.",
            "routing_error", "Le serveur est actuellement inaccessible. Réessaie plus tard.",
            "discovery_error",
                "Le serveur cherche une instance disponible. Réessaie dans un instant."));
    m.put(
        "es",
        ordered(
            "no_route", "El servidor no está disponible en este momento.",
            "no_backends",
                "El servidor está lleno o reiniciándose. Inténtalo de nuevo en un momento.",
            "routing_error",
                "No se puede acceder al servidor en este momento. Inténtalo más tarde.",
            "discovery_error",
                "El servidor está buscando una instancia disponible. Inténtalo de nuevo en un"
                    + " momento."));
    m.put(
        "pt",
        ordered(
            "no_route", "O servidor não está disponível no momento.",
            "no_backends", "O servidor está cheio ou reiniciando. Tente novamente em instantes.",
            "routing_error",
                "Não foi possível acessar o servidor no momento. Tente novamente mais tarde.",
            "discovery_error",
                "O servidor está procurando uma instância disponível. Tente novamente em"
                    + " instantes."));
    m.put(
        "pt-BR",
        ordered(
            "no_route", "O servidor está indisponível no momento.",
            "no_backends", "O servidor está cheio ou reiniciando. Tente novamente em instantes.",
            "routing_error", "O servidor está inacessível no momento. Tente novamente mais tarde.",
            "discovery_error",
                "O servidor está procurando uma instância disponível. Tente novamente em"
                    + " instantes."));
    m.put(
        "it",
        ordered(
            "no_route", "Il server non è disponibile al momento.",
            "no_backends", "Il server è pieno o si sta riavviando. Riprova tra un momento.",
            "routing_error", "Il server non è raggiungibile al momento. Riprova più tardi.",
            "discovery_error",
                "Il server sta cercando un'istanza disponibile. Riprova tra un momento."));
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
