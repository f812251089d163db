package io.signpost.config;

import static java.util.Objects.requireNonNull;

import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.plugin.PluginSpec;
import io.signpost.routing.Pool;
import io.signpost.routing.RoutingConfig;
import io.signpost.routing.Strategy;
import java.util.List;

/**
 * The whole configuration, validated and with defaults applied. Immutable.
 *
 * @param listen the QUIC listen address
 * @param tls certificate and ALPN
 * @param quic transport settings
 * @param logging log settings
 * @param routing routes and pools
 * @param referral envelope key id and signing key
 * @param messages disconnect texts
 * @param discoveryProviders {@code discovery.providers}
 * @param plugins plugin entries in config order (see {@link io.signpost.chain.PluginOrder} for
 *     execution order), each with the options its factory read, ready to be created
 * @param limits listener protections
 * @param admin the admin endpoint
 * @param listener how the QUIC listener uses the machine (event loops)
 */
public record SignpostConfig(
    ListenAddress listen,
    TlsConfig tls,
    QuicConfig quic,
    LoggingConfig logging,
    RoutingConfig routing,
    ReferralConfig referral,
    MessagesConfig messages,
    List<DiscoveryProviderConfig> discoveryProviders,
    List<PluginSpec<?>> plugins,
    LimitsConfig limits,
    AdminConfig admin,
    ListenerConfig listener) {

  public SignpostConfig {
    requireNonNull(listen, "listen");
    requireNonNull(tls, "tls");
    requireNonNull(quic, "quic");
    requireNonNull(logging, "logging");
    requireNonNull(routing, "routing");
    requireNonNull(referral, "referral");
    requireNonNull(messages, "messages");
    discoveryProviders = List.copyOf(discoveryProviders);
    plugins = List.copyOf(plugins);
    requireNonNull(limits, "limits");
    requireNonNull(admin, "admin");
    requireNonNull(listener, "listener");
  }

  /** A configuration with the {@link ListenerConfig#defaults() default listener section}. */
  public SignpostConfig(
      ListenAddress listen,
      TlsConfig tls,
      QuicConfig quic,
      LoggingConfig logging,
      RoutingConfig routing,
      ReferralConfig referral,
      MessagesConfig messages,
      List<DiscoveryProviderConfig> discoveryProviders,
      List<PluginSpec<?>> plugins,
      LimitsConfig limits,
      AdminConfig admin) {
    this(
        listen,
        tls,
        quic,
        logging,
        routing,
        referral,
        messages,
        discoveryProviders,
        plugins,
        limits,
        admin,
        ListenerConfig.defaults());
  }

  /**
   * The built-in configuration used when {@code run} is given no file: listen on {@code :5520},
   * ALPN {@code hytale/*}, a self-signed certificate, no plugins, and a {@code round_robin} default
   * pool holding only the placeholder backend {@link ConfigDefaults#PLACEHOLDER_BACKEND}.
   */
  public static SignpostConfig defaults() {
    return new SignpostConfig(
        ListenAddress.parse(ConfigDefaults.LISTEN),
        new TlsConfig(null, null, ConfigDefaults.ALPN),
        new QuicConfig(ConfigDefaults.QUIC_MAX_IDLE_TIMEOUT, ConfigDefaults.QUIC_RETRY, null),
        new LoggingConfig(ConfigDefaults.LOG_CLIENT_IP, ConfigDefaults.LOG_FORMAT),
        new RoutingConfig(
            Pool.of(Strategy.ROUND_ROBIN, List.of(ConfigDefaults.PLACEHOLDER_BACKEND)), List.of()),
        new ReferralConfig(ConfigDefaults.REFERRAL_KEY_ID, null),
        MessagesConfig.defaults(),
        List.of(),
        List.of(),
        LimitsConfig.defaults(),
        AdminConfig.defaults());
  }
}
