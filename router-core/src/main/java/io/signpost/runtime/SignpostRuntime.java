package io.signpost.runtime;

import static java.util.Objects.requireNonNull;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signpost.admin.AdminServer;
import io.signpost.admin.Readiness;
import io.signpost.annotation.Nullable;
import io.signpost.chain.PluginChain;
import io.signpost.config.ConfigException;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LoadedConfig;
import io.signpost.config.SignpostConfig;
import io.signpost.connect.ConnectPipeline;
import io.signpost.connect.ReferralSigning;
import io.signpost.decision.DecisionLog;
import io.signpost.decision.TracePrivacy;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.file.BoundedFiles;
import io.signpost.message.DisconnectMessages;
import io.signpost.metrics.ConfigMetrics;
import io.signpost.metrics.DiscoveryMetrics;
import io.signpost.metrics.JvmMetrics;
import io.signpost.metrics.RouterMetrics;
import io.signpost.metrics.TlsMetrics;
import io.signpost.plugin.Plugin;
import io.signpost.routing.RoutingEngine;
import io.signpost.routing.RoutingSnapshot;
import io.signpost.server.CertificateReload;
import io.signpost.server.ListenerSettings;
import io.signpost.server.QuicListener;
import io.signpost.server.RetryTokenKey;
import io.signpost.text.GoDuration;
import io.signpost.watch.FileWatcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 *
 * <p>With {@code tls.cert_file} and {@code tls.key_file} configured, both files are watched ({@link
 * FileWatcher}, every {@link FileWatcher#DEFAULT_INTERVAL}) and a stable change of either reloads
 * the certificate for new connections ({@link #reloadCertificate}).
 */
public final class SignpostRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SignpostRuntime.class);

  private final SignpostConfig config;
  private final PrometheusMeterRegistry registry;
  private final JvmMetrics jvmMetrics;
  private final ScheduledExecutorService timer;
  private final ExecutorService reloads;
  private final Object reloadLock = new Object();

  /** The reload asked for and not started yet, which later requests share; null when none. */
  private @Nullable CompletableFuture<ReloadResult> queuedReload;

  private final ConfigSource source;
  private final RouterMetrics metrics;
  private final ConfigMetrics configMetrics;
  private final SwitchingHandler handler;
  private final List<Retirement> retiring = new CopyOnWriteArrayList<>();
  private volatile Generation generation;
  private final QuicListener listener;
  private final DecisionLog decisions;
  private final RoutingEngine routing;
  private final DiscoveryProviders discovery;
  private final DiscoveryMetrics discoveryMetrics;
  private final AtomicBoolean listening = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private @Nullable TlsMetrics tlsMetrics;
  private @Nullable ScheduledExecutorService watchTimer;
  private @Nullable FileWatcher certificateWatcher;
  private @Nullable FileWatcher configWatcher;
  private @Nullable AdminServer admin;
  private @Nullable InetSocketAddress adminAddress;
  private InetSocketAddress address;

  /**
   * One configuration in service: its document, its plugins and the pipeline built on them.
   * Connections keep the generation they started on until they are answered.
   */
  private record Generation(
      long number, LoadedConfig loaded, Plugins.Built plugins, ConnectPipeline pipeline) {
    PluginChain chain() {
      return plugins.chain();
    }
  }

  private SignpostRuntime(
      LoadedConfig loaded,
      ConfigSource source,
      PrometheusMeterRegistry registry,
      ScheduledExecutorService timer,
      Plugins.Built plugins,
      DiscoveryProviders discovery) {
    SignpostConfig config = loaded.config();
    this.config = config;
    this.source = source;
    this.discovery = discovery;
    this.routing = new RoutingEngine(config.routing());
    this.discoveryMetrics = new DiscoveryMetrics(registry);
    this.registry = registry;
    this.jvmMetrics = RouterMetrics.bindJvm(registry);
    BuildInfo build = BuildInfo.current();
    RouterMetrics.registerBuildInfo(registry, build.version(), build.commit());
    this.timer = timer;
    this.reloads =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "signpost-reload");
              t.setDaemon(true);
              return t;
            });
    this.decisions = new DecisionLog(config.admin().decisionLogSize());
    this.metrics = new RouterMetrics(registry);
    this.configMetrics = new ConfigMetrics(registry, loaded.digest());
    this.generation = new Generation(1, loaded, plugins, pipeline(config, plugins.chain()));
    metrics.bindSuppressedFailureLines(plugins.chain(), this::chain);
    metrics.bindShadowCounters(plugins.chain(), this::chain);
    this.handler = new SwitchingHandler(generation.pipeline());
    this.listener =
        new QuicListener(listenerSettings(config), handler, new MetricsObserver(metrics));
  }

  private ConnectPipeline pipeline(SignpostConfig config, PluginChain chain) {
    return pipeline(config, routing, chain, decisions, metrics);
  }

  /** The pipeline of {@code config} around the given routing, chain and records. */
  static ConnectPipeline pipeline(
      SignpostConfig config,
      RoutingEngine routing,
      PluginChain chain,
      DecisionLog decisions,
      RouterMetrics metrics) {
    return new ConnectPipeline(
        routing,
        chain,
        DisconnectMessages.of(config.messages()),
        signing(config),
        decisions,
        metrics,
        new TracePrivacy(config.logging().logClientIp(), config.admin().redactIdentities()),
        allocationBudget(config));
  }

  /**
   * Builds plugins, starts the admin endpoint, waits for the plugins to warm up, starts the
   * listener. Blocks for at most {@code limits.plugin_startup_timeout} on the warm-up; {@code
   * /healthz} answers meanwhile and {@code /readyz} says not ready.
   *
   * @throws io.signpost.plugin.PluginWarmUpException when a plugin with {@code on_error: deny} has
   *     not answered within the startup budget
   * @throws RuntimeException when a plugin cannot be loaded or a port cannot be bound; everything
   *     started so far is stopped first
   */
  public static SignpostRuntime start(SignpostConfig config) {
    return start(config, ConfigLoader.installedDiscoveryFactories());
  }

  /**
   * Starts a router with the given discovery provider factories.
   *
   * @param discoveryFactories by type, normally {@code ConfigLoader.installedDiscoveryFactories()}
   * @throws io.signpost.discovery.ProviderSetupException when a provider cannot be built
   * @see #start(SignpostConfig)
   */
  public static SignpostRuntime start(
      SignpostConfig config, Map<String, DiscoveryProviderFactory> discoveryFactories) {
    return start(LoadedConfig.of(config), ConfigSource.none(), discoveryFactories);
  }

  /**
   * Starts a router on {@code loaded}, which came from {@code source}: {@link #reload} reads the
   * source again.
   */
  public static SignpostRuntime start(LoadedConfig loaded, ConfigSource source) {
    return start(loaded, source, ConfigLoader.installedDiscoveryFactories());
  }

  /** Starts a router on {@code loaded} from {@code source}, with the given discovery factories. */
  public static SignpostRuntime start(
      LoadedConfig loaded,
      ConfigSource source,
      Map<String, DiscoveryProviderFactory> discoveryFactories) {
    requireNonNull(loaded, "loaded");
    requireNonNull(source, "source");
    SignpostConfig config = loaded.config();
    PrometheusMeterRegistry registry = RouterMetrics.newPrometheusRegistry();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "signpost-timer");
              t.setDaemon(true);
              return t;
            });
    Plugins.Built plugins = null;
    DiscoveryProviders discovery = null;
    SignpostRuntime runtime;
    try {
      plugins =
          Plugins.build(config, Map.of(), registry, timer, signing(config).maxContentLength());
      discovery = DiscoveryProviders.create(config, discoveryFactories, timer, System::nanoTime);
      runtime = new SignpostRuntime(loaded, source, registry, timer, plugins, discovery);
    } catch (RuntimeException e) {
      if (discovery != null) {
        discovery.close();
      }
      if (plugins != null) {
        plugins.chain().close();
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
              Readiness.of(listening::get, this::chain, discovery::states),
              decisions,
              new ReloadActions(this));
      adminAddress = admin.start();
    }
    discovery.start(routing, discoveryMetrics);
    PluginWarmUp.await(chain(), config.limits().pluginStartupTimeout());
    ConnectRehearsal.run(config, timer);
    address = listener.start();
    tlsMetrics = new TlsMetrics(registry, () -> listener.certificate().notAfter());
    watchCertificate();
    watchConfigFile();
    listening.set(true);
  }

  private synchronized ScheduledExecutorService watchTimer() {
    if (watchTimer == null) {
      watchTimer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "signpost-file-watch");
                t.setDaemon(true);
                return t;
              });
    }
    return watchTimer;
  }

  /**
   * Reloads the configuration whenever its file settles on a new content (an editor's save, a
   * ConfigMap's symlink swap), as SIGHUP and {@code POST /admin/reload} do; nothing without a file.
   */
  private void watchConfigFile() {
    if (source.files().isEmpty()) {
      return;
    }
    configWatcher =
        FileWatcher.start(
            "configuration",
            source.files(),
            BoundedFiles.CONFIG_FILE_MAX_BYTES,
            FileWatcher.DEFAULT_INTERVAL,
            watchTimer(),
            changed -> reload("file change"));
  }

  /** Reloads the certificate whenever its files settle on a new content; self-signed: nothing. */
  private void watchCertificate() {
    Path certFile = config.tls().certFile();
    Path keyFile = config.tls().keyFile();
    if (certFile == null || keyFile == null) {
      return;
    }
    ScheduledExecutorService watchTimer = watchTimer();
    certificateWatcher =
        FileWatcher.start(
            "tls.cert_file/tls.key_file",
            List.of(certFile, keyFile),
            BoundedFiles.PEM_FILE_MAX_BYTES,
            FileWatcher.DEFAULT_INTERVAL,
            watchTimer,
            changed -> reloadCertificate());
  }

  /**
   * Reads {@code tls.cert_file} and {@code tls.key_file} again and serves their pair to new
   * connections; open connections keep theirs. A pair that cannot be used is refused and the
   * certificate served before stays (see {@link QuicListener#reloadCertificate()}, which logs the
   * outcome). Counts the result in {@code signpost_tls_reloads_total{result}} ({@code success} for
   * {@link CertificateReload.Status#RELOADED} and {@link CertificateReload.Status#UNCHANGED},
   * {@code failure} for {@link CertificateReload.Status#REFUSED}); with a self-signed certificate
   * nothing is read or counted ({@link CertificateReload.Status#NOT_CONFIGURED}).
   *
   * <p>Called by the certificate file watcher; a configuration reload may call it too. Any thread,
   * concurrently; blocks while the files are read and checked.
   */
  public CertificateReload reloadCertificate() {
    CertificateReload result = listener.reloadCertificate();
    TlsMetrics metrics = tlsMetrics;
    if (metrics != null && result.status() != CertificateReload.Status.NOT_CONFIGURED) {
      metrics.reloaded(result.succeeded());
    }
    return result;
  }

  /** The bound QUIC address. */
  public InetSocketAddress address() {
    return address;
  }

  /** The bound admin address, when the admin endpoint is enabled. */
  public Optional<InetSocketAddress> adminAddress() {
    return Optional.ofNullable(adminAddress);
  }

  /** The plugin chain in service, in execution order. */
  public PluginChain chain() {
    return generation.chain();
  }

  /** The configuration generation in service: 1 at start, one more per applied reload. */
  public long generation() {
    return generation.number();
  }

  /** The configuration in service, as loaded (its document and digest). */
  public LoadedConfig loadedConfig() {
    return generation.loaded();
  }

  /** Where the configuration comes from. */
  public ConfigSource source() {
    return source;
  }

  /**
   * Reads the source again and, when it validates and changes nothing that needs a restart, puts it
   * in service: unchanged plugins are kept as they are, new and changed ones are built and warmed
   * up, the routing table is swapped, and connections already deciding finish on the generation
   * they started on; plugins no longer used are closed once their calls in flight are done. Any
   * failure leaves the running generation serving. Reloads run one at a time on their own thread;
   * requests made while one waits to start share its result (it reads the file as it is when it
   * starts), so at most one reload runs and one waits.
   *
   * @param trigger what asked, for the log and the result ({@code admin}, {@code SIGHUP}, ...)
   */
  public CompletableFuture<ReloadResult> reload(String trigger) {
    requireNonNull(trigger, "trigger");
    CompletableFuture<ReloadResult> result;
    synchronized (reloadLock) {
      if (queuedReload != null) {
        // One not started yet will read the file as it is then: it answers this request too, so
        // a burst of requests costs one reload, not one each.
        return queuedReload.copy();
      }
      result = new CompletableFuture<>();
      queuedReload = result;
    }
    try {
      reloads.execute(
          () -> {
            synchronized (reloadLock) {
              queuedReload = null;
            }
            try {
              result.complete(reloadNow(trigger));
            } catch (RuntimeException | Error e) {
              result.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException stopped) {
      synchronized (reloadLock) {
        queuedReload = null;
      }
      result.completeExceptionally(new IllegalStateException("the router is stopping"));
    }
    return result;
  }

  private ReloadResult reloadNow(String trigger) {
    long started = System.nanoTime();
    Generation running = generation;
    LoadedConfig next;
    try {
      if (stopped.get()) {
        return ended(
            running,
            trigger,
            ConfigMetrics.Result.REFUSED,
            List.of("the router is stopping"),
            started);
      }
      next = source.load();
    } catch (ConfigException e) {
      List<String> errors = e.errors().stream().map(Object::toString).toList();
      return ended(running, trigger, ConfigMetrics.Result.REFUSED, errors, started);
    }
    if (next.digest().equals(running.loaded().digest())) {
      return ended(running, trigger, ConfigMetrics.Result.UNCHANGED, List.of(), started);
    }
    List<String> restartOnly = RestartOnlySettings.changed(config, next.config());
    if (!restartOnly.isEmpty()) {
      List<String> errors =
          restartOnly.stream().map(c -> c + " (takes effect only after a restart)").toList();
      return ended(running, trigger, ConfigMetrics.Result.REFUSED, errors, started);
    }
    SignpostConfig nextConfig = next.config();
    Plugins.Built built;
    try {
      built =
          Plugins.build(
              nextConfig,
              running.plugins().plugins(),
              registry,
              timer,
              signing(nextConfig).maxContentLength());
    } catch (RuntimeException e) {
      return ended(running, trigger, ConfigMetrics.Result.FAILED, List.of(describe(e)), started);
    }
    try {
      PluginWarmUp.await(
          built.chain(), nextConfig.limits().pluginStartupTimeout(), built.created());
    } catch (RuntimeException e) {
      built.closeCreated();
      return ended(running, trigger, ConfigMetrics.Result.FAILED, List.of(describe(e)), started);
    }
    Generation fresh =
        new Generation(running.number() + 1, next, built, pipeline(nextConfig, built.chain()));
    routing.swap(
        RoutingSnapshot.of(nextConfig.routing()).withProviders(routing.snapshot().providers()));
    generation = fresh;
    handler.swap(fresh.pipeline());
    metrics.bindSuppressedFailureLines(built.chain(), this::chain);
    metrics.bindShadowCounters(built.chain(), this::chain);
    configMetrics.inService(fresh.number(), next.digest());
    next.warnings().forEach(w -> log.warn("config {}", w));
    List<String> removed = new ArrayList<>(running.plugins().plugins().keySet());
    removed.removeAll(built.plugins().keySet());
    Collections.sort(removed);
    retire(running, built.keptInstances());
    if (config.tls().certFile() != null) {
      reloadCertificate();
    }
    ReloadResult result =
        new ReloadResult(
            ConfigMetrics.Result.APPLIED,
            trigger,
            fresh.number(),
            next.digest(),
            List.of(),
            built.created(),
            built.kept(),
            removed,
            Duration.ofNanos(System.nanoTime() - started));
    configMetrics.reloaded(result.result(), result.took());
    log.info("reload ({}): {}", trigger, result.summary());
    return result;
  }

  private ReloadResult ended(
      Generation running,
      String trigger,
      ConfigMetrics.Result outcome,
      List<String> errors,
      long started) {
    ReloadResult result =
        new ReloadResult(
            outcome,
            trigger,
            running.number(),
            running.loaded().digest(),
            errors,
            List.of(),
            List.of(),
            List.of(),
            Duration.ofNanos(System.nanoTime() - started));
    configMetrics.reloaded(outcome, result.took());
    if (result.ok()) {
      log.info("reload ({}): {}", trigger, result.summary());
    } else {
      log.warn("reload ({}) from {}: {}", trigger, source.describe(), result.summary());
    }
    return result;
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /**
   * Closes the plugins of {@code old} that the new generation did not take over, once no connection
   * is still in its chain, or after the longest a connection can take.
   */
  private void retire(Generation old, Set<Plugin> kept) {
    Duration patience =
        config.limits().connectTimeout().multipliedBy(2).plus(config.limits().shutdownGrace());
    Retirement retirement = new Retirement(old.chain(), kept, patience);
    retiring.add(retirement);
    retirement.start(timer, () -> retiring.remove(retirement));
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
    if (configWatcher != null) {
      configWatcher.close();
    }
    if (certificateWatcher != null) {
      certificateWatcher.close();
    }
    if (watchTimer != null) {
      watchTimer.shutdownNow();
    }
    Duration grace = config.limits().shutdownGrace();
    try {
      listener.shutdown().get(grace.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("listener did not stop within {}; closing anyway", GoDuration.format(grace));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("listener shutdown failed: {}", e.toString());
    }
    listener.close();
    discovery.close();
    reloads.shutdownNow();
    synchronized (reloadLock) {
      if (queuedReload != null) {
        queuedReload.completeExceptionally(new IllegalStateException("the router is stopping"));
      }
    }
    retiring.forEach(Retirement::closeNow);
    chain().close();
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
   * less the timeouts of the plugins it waits for (not the shadows), and at least a quarter of it,
   * so that the chain and the answer still fit in the listener's deadline.
   */
  static Duration allocationBudget(SignpostConfig config) {
    Duration connect = config.limits().connectTimeout();
    Duration chain = Duration.ZERO;
    for (var plugin : config.plugins()) {
      if (!plugin.config().shadow()) { // a shadow call is never waited for
        chain = chain.plus(plugin.config().timeout());
      }
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
