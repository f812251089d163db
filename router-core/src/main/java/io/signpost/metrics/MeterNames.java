package io.signpost.metrics;

/**
 * Every Signpost meter name, in Micrometer's dotted form. Prometheus shows them with underscores
 * and a unit suffix ({@code signpost.decisions} is {@code signpost_decisions_total}, {@code
 * signpost.decision.duration} is {@code signpost_decision_duration_seconds}). docs/operations.md
 * describes each one and its tags.
 */
public final class MeterNames {

  private MeterNames() {}

  // Recorded by RouterMetrics.
  public static final String CONNECTIONS_ACCEPTED = "signpost.connections.accepted";
  public static final String CONNECTIONS_ACTIVE = "signpost.connections.active";
  public static final String HANDSHAKES_FAILED = "signpost.handshakes.failed";
  public static final String CONNECTIONS_UNANSWERED = "signpost.connections.unanswered";
  public static final String DECISIONS = "signpost.decisions";
  public static final String DECISION_DURATION = "signpost.decision.duration";
  public static final String BACKEND_SELECTED = "signpost.backend.selected";
  public static final String PLUGIN_CALLS = "signpost.plugin.calls";
  public static final String PLUGIN_DURATION = "signpost.plugin.duration";
  public static final String PLUGIN_FAILURES = "signpost.plugin.failures";
  public static final String PLUGIN_DENIES = "signpost.plugin.denies";
  public static final String PLUGIN_REPICKS = "signpost.plugin.repicks";
  public static final String PLUGIN_REFERRAL_REWRITES = "signpost.plugin.referral_rewrites";
  public static final String LOG_SUPPRESSED = "signpost.log.suppressed";
  public static final String SHADOW_CALLS = "signpost.shadow.calls";
  public static final String SHADOW_DISAGREEMENTS = "signpost.shadow.disagreements";
  public static final String SHADOW_IN_FLIGHT = "signpost.shadow.in_flight";
  public static final String BUILD_INFO = "signpost.build.info";
  public static final String CONFIG_RELOADS = "signpost.config.reloads";
  public static final String CONFIG_GENERATION = "signpost.config.generation";
  public static final String CONFIG_INFO = "signpost.config.info";
  public static final String CONFIG_RELOAD_DURATION = "signpost.config.reload.duration";

  // Recorded by DiscoveryMetrics.
  public static final String DISCOVERY_BACKENDS = "signpost.discovery.backends";
  public static final String DISCOVERY_SYNCED = "signpost.discovery.synced";
  public static final String DISCOVERY_STALE = "signpost.discovery.stale";
  public static final String DISCOVERY_SYNC_AGE = "signpost.discovery.sync.age";
  public static final String DISCOVERY_WATCH_RESTARTS = "signpost.discovery.watch.restarts";
  public static final String DISCOVERY_WATCH_ERRORS = "signpost.discovery.watch.errors";
  public static final String DISCOVERY_ALLOCATIONS = "signpost.discovery.allocations";

  // Recorded by TlsMetrics.
  public static final String TLS_RELOADS = "signpost.tls.reloads";
  public static final String TLS_CERTIFICATE_EXPIRY = "signpost.tls.certificate.expiry";

  /** The {@code source} tag of {@link #LOG_SUPPRESSED} for the chain's plugin failure lines. */
  public static final String LOG_SOURCE_PLUGIN_FAILURE = "plugin_failure";

  // Registered by the plugin hosts themselves.
  public static final String WASM_POOL_SIZE = "signpost.wasm.pool.size";
  public static final String WASM_POOL_IN_USE = "signpost.wasm.pool.in_use";
  public static final String WASM_POOL_WAITS = "signpost.wasm.pool.waits";
  public static final String WASM_INSTANCE_REPLACEMENTS = "signpost.wasm.instance.replacements";
  public static final String GRPC_BREAKER_STATE = "signpost.grpc.breaker.state";
  public static final String PLUGIN_CUSTOM = "signpost.plugin.custom";
}
