package io.signpost.runtime;

import static java.util.Objects.requireNonNull;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signpost.admin.AdminServer;
import io.signpost.admin.Readiness;
import io.signpost.annotation.Nullable;
import io.signpost.chain.PluginChain;
import io.signpost.config.ConfigLoader;
import io.signpost.config.SignpostConfig;
import io.signpost.connect.ConnectPipeline;
import io.signpost.connect.ReferralSigning;
import io.signpost.decision.DecisionLog;
import io.signpost.decision.TracePrivacy;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.message.DisconnectMessages;
import io.signpost.metrics.DiscoveryMetrics;
import io.signpost.metrics.JvmMetrics;
import io.signpost.metrics.RouterMetrics;
import io.signpost.plugin.PluginFactory;
import io.signpost.routing.RoutingEngine;
import io.signpost.server.ListenerSettings;
import io.signpost.server.QuicListener;
import io.signpost.server.RetryTokenKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running router: the QUIC listener, the routing engine, the plugin chain, the discovery
 * providers and the admin endpoint, built from one {@link SignpostConfig}.
 *
 * <p>{@link #start} builds the plugins and the discovery providers, starts the admin endpoint and
 * the providers (which sync in the background: until a provider has, its pools answer {@code
 * discovery_error} and {@code /readyz} names it), waits up to {@code limits.plugin_startup_timeout}
 * for every plugin to answer once (see {@link PluginWarmUp} for what happens to one that does not),
 * and only then starts the QUIC listener; when any part fails it stops what it started and
 * rethrows. {@link #shutdown} stops accepting, lets in-flight connections finish within {@code
 * limits.shutdown_grace}, then closes plugins and the admin endpoint. Both may block.
 */
public final class SignpostRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SignpostRuntime.class);

  private final SignpostConfig config;
  private final PrometheusMeterRegistry registry;
  private final JvmMetrics jvmMetrics;
  private final ScheduledExecutorService timer;
  private final PluginChain chain;
  private final QuicListener listener;
  private final DecisionLog decisions;
  private final RoutingEngine routing;
  private final DiscoveryProviders discovery;
  private final DiscoveryMetrics discoveryMetrics;
  private final AtomicBoolean listening = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private @Nullable AdminServer admin;
  private @Nullable InetSocketAddress adminAddress;
  private InetSocketAddress address;

  private SignpostRuntime(
      SignpostConfig config,
      PrometheusMeterRegistry registry,
      ScheduledExecutorService timer,
      PluginChain chain,
      DiscoveryProviders discovery) {
    this.config = config;
    this.discovery = discovery;
    this.routing = new RoutingEngine(config.routing());
    this.discoveryMetrics = new DiscoveryMetrics(registry);
    this.registry = registry;
    this.jvmMetrics = RouterMetrics.bindJvm(registry);
    BuildInfo build = BuildInfo.current();
    RouterMetrics.registerBuildInfo(registry, build.version(), build.commit());
    this.timer = timer;
    this.chain = chain;
    this.decisions = new DecisionLog(config.admin().decisionLogSize());
    RouterMetrics metrics = new RouterMetrics(registry);
    metrics.bindSuppressedFailureLines(chain);
    ConnectPipeline pipeline =
        new ConnectPipeline(
            routing,
            chain,
            DisconnectMessages.of(config.messages()),
            signing(config),
            decisions,
            metrics,
            new TracePrivacy(config.logging().logClientIp(), config.admin().redactIdentities()),
            allocationBudget(config));
    this.listener =
        new QuicListener(listenerSettings(config), pipeline, new MetricsObserver(metrics));
  }

  /**
   * Builds plugins, starts the admin endpoint, waits for the plugins to warm up, starts the
   * listener. Blocks for at most {@code limits.plugin_startup_timeout} on the warm-up; {@code
   * /healthz} answers meanwhile and {@code /readyz} says not ready.
   *
   * @param factories plugin factories by type, normally {@code ConfigLoader.installedFactories()}
   * @throws io.signpost.plugin.PluginWarmUpException when a plugin with {@code on_error: deny} has
   *     not answered within the startup budget
   * @throws RuntimeException when a plugin cannot be loaded or a port cannot be bound; everything
   *     started so far is stopped first
   */
  public static SignpostRuntime start(SignpostConfig config, Map<String, PluginFactory> factories) {
    return start(config, factories, ConfigLoader.installedDiscoveryFactories());
  }

  /**
   * Starts a router with the given discovery provider factories.
   *
   * @param discoveryFactories by type, normally {@code ConfigLoader.installedDiscoveryFactories()}
   * @throws io.signpost.discovery.ProviderSetupException when a provider cannot be built
   * @see #start(SignpostConfig, Map)
   */
  public static SignpostRuntime start(
      SignpostConfig config,
      Map<String, PluginFactory> factories,
      Map<String, DiscoveryProviderFactory> discoveryFactories) {
    requireNonNull(config, "config");
    PrometheusMeterRegistry registry = RouterMetrics.newPrometheusRegistry();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "signpost-timer");
              t.setDaemon(true);
              return t;
            });
    PluginChain chain = null;
    DiscoveryProviders discovery = null;
    SignpostRuntime runtime;
    try {
      chain = Plugins.build(config, factories, registry, timer, signing(config).maxContentLength());
      discovery = DiscoveryProviders.create(config, discoveryFactories, timer, System::nanoTime);
      runtime = new SignpostRuntime(config, registry, timer, chain, discovery);
    } catch (RuntimeException e) {
      if (discovery != null) {
        discovery.close();
      }
      if (chain != null) {
        chain.close();
      }
      timer.shutdownNow();
      registry.close();
      throw e;
    }
    try {
      runtime.startListeners();
      return runtime;
    } catch (RuntimeException | IOException e) {
      runtime.close();
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
  }

  private void startListeners() throws IOException {
    if (config.admin().listen() != null) {
      admin =
          new AdminServer(
              config.admin().listen().toSocketAddress(),
              registry,
              Readiness.of(listening::get, () -> chain, discovery::states),
              decisions);
      adminAddress = admin.start();
    }
    discovery.start(routing, discoveryMetrics);
    PluginWarmUp.await(chain, config.limits().pluginStartupTimeout());
    address = listener.start();
    listening.set(true);
  }

  /** The bound QUIC address. */
  public InetSocketAddress address() {
    return address;
  }

  /** The bound admin address, when the admin endpoint is enabled. */
  public Optional<InetSocketAddress> adminAddress() {
    return Optional.ofNullable(adminAddress);
  }

  /** The plugin chain, in execution order. */
  public PluginChain chain() {
    return chain;
  }

  /** The routing engine, whose snapshot discovery updates. */
  public RoutingEngine routing() {
    return routing;
  }

  /** The discovery providers. */
  public DiscoveryProviders discovery() {
    return discovery;
  }

  /** The in-memory decision log. */
  public DecisionLog decisions() {
    return decisions;
  }

  /** The metrics registry. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Graceful stop: no new connections; open ones get up to {@code limits.shutdown_grace} to be
   * answered; then plugins, the admin endpoint and timers are closed. Idempotent.
   */
  public void shutdown() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    listening.set(false);
    Duration grace = config.limits().shutdownGrace();
    try {
      listener.shutdown().get(grace.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("listener did not stop within {}; closing anyway", grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("listener shutdown failed: {}", e.toString());
    }
    listener.close();
    discovery.close();
    chain.close();
    if (admin != null) {
      admin.close();
    }
    timer.shutdownNow();
    jvmMetrics.close();
    registry.close();
  }

  @Override
  public void close() {
    shutdown();
  }

  static ReferralSigning signing(SignpostConfig config) {
    var referral = config.referral();
    return new ReferralSigning(
        referral.keyId(), referral.hmacSecret() == null ? null : referral.hmacSecret().bytes());
  }

  /**
   * How long a per-connection allocation may take: three quarters of {@code limits.connect_timeout}
   * less the plugins' timeouts, and at least a quarter of it, so that the chain and the answer
   * still fit in the listener's deadline.
   */
  static Duration allocationBudget(SignpostConfig config) {
    Duration connect = config.limits().connectTimeout();
    Duration chain = Duration.ZERO;
    for (var plugin : config.plugins()) {
      chain = chain.plus(plugin.timeout());
    }
    Duration budget = connect.multipliedBy(3).dividedBy(4).minus(chain);
    Duration floor = connect.dividedBy(4);
    return budget.compareTo(floor) < 0 ? floor : budget;
  }

  static ListenerSettings listenerSettings(SignpostConfig config) {
    var limits = config.limits();
    return ListenerSettings.builder(config.listen().toSocketAddress())
        .tls(config.tls().certFile(), config.tls().keyFile())
        .alpn(config.tls().alpn())
        .maxIdleTimeout(config.quic().maxIdleTimeout())
        .retry(config.quic().retry())
        .retryTokenKey(
            config.quic().retryTokenSecret() == null
                ? null
                : RetryTokenKey.of(config.quic().retryTokenSecret().bytes()))
        .connectTimeout(limits.connectTimeout())
        .maxFrameBytes(limits.maxFrameBytes())
        .maxConnections(limits.maxConnections())
        .maxNewConnectionsPerSource(limits.maxNewConnectionsPerSource())
        .shutdownGrace(limits.shutdownGrace())
        .logClientIp(config.logging().logClientIp())
        .eventLoops(config.listener().eventLoops())
        .build();
  }
}
