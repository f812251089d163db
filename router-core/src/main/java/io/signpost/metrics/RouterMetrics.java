package io.signpost.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signpost.chain.PluginChain;
import io.signpost.chain.PluginStep;
import io.signpost.chain.ShadowTally;
import io.signpost.chain.ShadowVerdict;
import io.signpost.decision.DecisionTrace;
import io.signpost.decision.Outcome;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The router's meters behind one call per event, with bounded tag values only: never a username,
 * UUID or client address. The {@code backend} tag keeps the first {@code maxBackendTags} distinct
 * backends and records later new ones as {@code other} (discovery may bring any number of
 * backends). Route and plugin names come from the configuration; as a safety net they are capped
 * the same way at {@link #MAX_CONFIG_TAG_VALUES}. A decision without a route is tagged {@code
 * route="none"}.
 *
 * <p>Thread-safety: every method may be called from any thread, concurrently; none blocks. Meters
 * are created on first use and cached.
 */
public final class RouterMetrics {

  /** Distinct {@code backend} tag values kept when not configured. */
  public static final int DEFAULT_MAX_BACKEND_TAGS = 256;

  /** Distinct route and plugin tag values kept; configurations stay far below it. */
  public static final int MAX_CONFIG_TAG_VALUES = 1024;

  /** The {@code route} tag of a decision that matched no route. */
  public static final String NO_ROUTE = "none";

  static final Duration HISTOGRAM_MIN = Duration.ofNanos(100_000);
  static final Duration HISTOGRAM_MAX = Duration.ofSeconds(10);

  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final PluginException.Kind[] KINDS = PluginException.Kind.values();
  private static final OnError[] POLICIES = OnError.values();

  private final MeterRegistry registry;
  private final Counter accepted;
  private final AtomicInteger active = new AtomicInteger();
  private final Map<HandshakeFailure, Counter> handshakeFailures =
      new EnumMap<>(HandshakeFailure.class);
  private final Map<Unanswered, Counter> unanswered = new EnumMap<>(Unanswered.class);
  private final AtomicReferenceArray<Timer> decisionDurations =
      new AtomicReferenceArray<>(OUTCOMES.length);
  private final BoundedTagValues routes;
  private final BoundedTagValues backends;
  private final BoundedTagValues plugins;
  private final Map<String, AtomicReferenceArray<Counter>> decisionsByRoute =
      new ConcurrentHashMap<>();
  private final Map<String, Map<String, Counter>> selectionsByRoute = new ConcurrentHashMap<>();
  private final Map<String, PluginMeters> pluginMeters = new ConcurrentHashMap<>();

  /** Meters on {@code registry} with {@link #DEFAULT_MAX_BACKEND_TAGS}. */
  public RouterMetrics(MeterRegistry registry) {
    this(registry, DEFAULT_MAX_BACKEND_TAGS);
  }

  /**
   * @param registry where meters are registered
   * @param maxBackendTags distinct {@code backend} tag values kept before {@code other}
   * @throws IllegalArgumentException when {@code maxBackendTags < 1}
   */
  public RouterMetrics(MeterRegistry registry, int maxBackendTags) {
    this.registry = requireNonNull(registry, "registry");
    this.backends = new BoundedTagValues(maxBackendTags);
    this.routes = new BoundedTagValues(MAX_CONFIG_TAG_VALUES);
    this.plugins = new BoundedTagValues(MAX_CONFIG_TAG_VALUES);
    this.accepted =
        Counter.builder(MeterNames.CONNECTIONS_ACCEPTED)
            .description("QUIC connections whose handshake completed")
            .register(registry);
    Gauge.builder(MeterNames.CONNECTIONS_ACTIVE, active, AtomicInteger::get)
        .description("Connections accepted and not yet closed")
        .strongReference(true)
        .register(registry);
    registerByReason(
        handshakeFailures,
        HandshakeFailure.values(),
        HandshakeFailure::tag,
        MeterNames.HANDSHAKES_FAILED,
        "QUIC handshakes that failed, by reason");
    registerByReason(
        unanswered,
        Unanswered.values(),
        Unanswered::tag,
        MeterNames.CONNECTIONS_UNANSWERED,
        "Accepted connections closed without an answer, by reason");
  }

  /** One counter per reason, registered up front so every reason is scraped from the start. */
  private <E extends Enum<E>> void registerByReason(
      Map<E, Counter> counters,
      E[] reasons,
      java.util.function.Function<E, String> tag,
      String name,
      String description) {
    for (E reason : reasons) {
      counters.put(
          reason,
          Counter.builder(name)
              .description(description)
              .tag("reason", tag.apply(reason))
              .register(registry));
    }
  }

  /**
   * A Prometheus registry with the default configuration; bind JVM meters with {@link #bindJvm}.
   */
  public static PrometheusMeterRegistry newPrometheusRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Registers {@code signpost_build_info{version, commit}}, always 1, so that dashboards can tell
   * which build each instance runs.
   */
  public static void registerBuildInfo(MeterRegistry registry, String version, String commit) {
    Gauge.builder(MeterNames.BUILD_INFO, () -> 1)
        .description("The running build: its version and git commit (always 1)")
        .tag("version", requireNonNull(version, "version"))
        .tag("commit", requireNonNull(commit, "commit"))
        .strongReference(true)
        .register(registry);
  }

  /** Binds JVM and process meters to {@code registry}; close the result when discarding it. */
  public static JvmMetrics bindJvm(MeterRegistry registry) {
    return JvmMetrics.bindTo(registry);
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** A connection completed its handshake: counts it and adds it to the active gauge. */
  public void connectionAccepted() {
    accepted.increment();
    active.incrementAndGet();
  }

  /** An accepted connection closed, for whatever reason: removes it from the active gauge. */
  public void connectionClosed() {
    active.decrementAndGet();
  }

  /** Connections accepted and not yet closed. */
  public int activeConnections() {
    return active.get();
  }

  /** A handshake failed; such a connection was never accepted. */
  public void handshakeFailed(HandshakeFailure reason) {
    handshakeFailures.get(requireNonNull(reason, "reason")).increment();
  }

  /** An accepted connection closed without an answer; it is still {@link #connectionClosed()}. */
  public void connectionUnanswered(Unanswered reason) {
    unanswered.get(requireNonNull(reason, "reason")).increment();
  }

  /**
   * Registers {@code signpost.log.suppressed} with {@code source="plugin_failure"} for every plugin
   * of {@code chain}: failure lines the chain's rate limit dropped, read from {@link
   * PluginChain#suppressedFailureLines} at each scrape. Like every Micrometer function counter it
   * holds the chain weakly; the caller keeps it alive.
   */
  public void bindSuppressedFailureLines(PluginChain chain) {
    bindSuppressedFailureLines(chain, () -> chain);
  }

  /**
   * Counts the suppressed failure lines of {@code chain}'s plugins, read from whichever chain
   * {@code current} gives when scraped: the chain in service, across reloads (a plugin it no longer
   * has reads 0). Binding a plugin again is harmless.
   */
  public void bindSuppressedFailureLines(PluginChain chain, Supplier<PluginChain> current) {
    for (PluginChain.Link link : chain.links()) {
      String name = link.config().name();
      HeldFunctionCounter.builder(
              MeterNames.LOG_SUPPRESSED, () -> current.get().suppressedFailureLines(name))
          .description("Log lines dropped by a rate limit, by plugin and source")
          .tag("plugin", plugins.admit(name))
          .tag("source", MeterNames.LOG_SOURCE_PLUGIN_FAILURE)
          .register(registry);
    }
  }

  /**
   * Registers the meters of every shadow plugin of {@code chain}, read from its {@link
   * PluginChain#shadowTally} at each scrape: {@code signpost.shadow.calls{plugin, result}} for
   * every result but {@code pending}, {@code signpost.shadow.disagreements{plugin, kind}} and the
   * gauge {@code signpost.shadow.in_flight{plugin}}. Like every Micrometer function meter they hold
   * the chain weakly; the caller keeps it alive.
   */
  public void bindShadowCounters(PluginChain chain) {
    bindShadowCounters(chain, () -> chain);
  }

  /**
   * The shadow meters of {@code chain}'s shadow plugins, read from whichever chain {@code current}
   * gives when scraped: the chain in service, across reloads (a shadow plugin it no longer has
   * reads 0; a rebuilt one starts again from 0, which Prometheus reads as a counter reset). Binding
   * a plugin again is harmless.
   */
  public void bindShadowCounters(PluginChain chain, Supplier<PluginChain> current) {
    for (PluginChain.Link link : chain.links()) {
      if (!link.config().shadow()) {
        continue;
      }
      String name = link.config().name();
      String tag = plugins.admit(name);
      for (ShadowVerdict.Result result : ShadowVerdict.Result.values()) {
        if (result == ShadowVerdict.Result.PENDING) {
          continue;
        }
        HeldFunctionCounter.builder(
                MeterNames.SHADOW_CALLS, () -> shadow(current, name, t -> t.calls(result)))
            .description("Calls of a shadow plugin, by how they compared with the decision")
            .tag("plugin", tag)
            .tag("result", result.tag())
            .register(registry);
      }
      for (ShadowVerdict.Disagreement kind : ShadowVerdict.Disagreement.values()) {
        HeldFunctionCounter.builder(
                MeterNames.SHADOW_DISAGREEMENTS,
                () -> shadow(current, name, t -> t.disagreements(kind)))
            .description("Shadow answers that would have changed the decision, by how")
            .tag("plugin", tag)
            .tag("kind", kind.tag())
            .register(registry);
      }
      Gauge.builder(MeterNames.SHADOW_IN_FLIGHT, current, c -> shadow(c, name, t -> t.inFlight()))
          .description("Calls of a shadow plugin started and not yet ended")
          .tag("plugin", tag)
          .strongReference(true)
          .register(registry);
    }
  }

  private static double shadow(
      Supplier<PluginChain> current,
      String plugin,
      java.util.function.ToDoubleFunction<ShadowTally> value) {
    ShadowTally tally = current.get().shadowTallyIfAny(plugin);
    return tally == null ? 0 : value.applyAsDouble(tally);
  }

  /**
   * Records everything a decision tells: {@code signpost.decisions}, {@code
   * signpost.decision.duration}, {@code signpost.backend.selected} (referrals only) and, for each
   * plugin step, the {@code signpost.plugin.*} meters. Shadow steps are left out: their calls are
   * counted by {@link #bindShadowCounters}, also when they end after the decision.
   */
  public void recordDecision(DecisionTrace trace) {
    Outcome outcome = trace.outcome();
    String route = trace.route() == null ? NO_ROUTE : routes.admit(trace.route());
    decisionCounter(route, outcome).increment();
    decisionTimer(outcome).record(trace.duration());
    if (outcome == Outcome.REFERRAL && trace.backend() != null) {
      selectionCounter(route, backends.admit(trace.backend())).increment();
    }
    for (PluginStep step : trace.steps()) {
      if (!step.isShadow()) {
        recordStep(step);
      }
    }
  }

  private void recordStep(PluginStep step) {
    PluginMeters meters =
        pluginMeters.computeIfAbsent(
            plugins.admit(step.plugin()), name -> new PluginMeters(registry, name));
    meters.duration.record(step.duration());
    if (step.failed()) {
      meters.failedCalls.increment();
      OnError policy = step.policy() == null ? OnError.CONTINUE : step.policy();
      meters.failures(registry, step.failure(), policy).increment();
    } else {
      meters.okCalls.increment();
    }
    if (step.denied()) {
      meters.denies.increment();
    }
    if (step.repicked()) {
      meters.repicks.increment();
    }
    if (step.rewroteReferral()) {
      meters.referralRewrites.increment();
    }
  }

  private Counter decisionCounter(String route, Outcome outcome) {
    AtomicReferenceArray<Counter> byOutcome =
        decisionsByRoute.computeIfAbsent(route, r -> new AtomicReferenceArray<>(OUTCOMES.length));
    Counter counter = byOutcome.get(outcome.ordinal());
    if (counter == null) {
      // Registration is idempotent, so a racing thread gets the same counter.
      counter =
          Counter.builder(MeterNames.DECISIONS)
              .description("Decisions made, by outcome and matched route")
              .tag("outcome", outcome.tag())
              .tag("route", route)
              .register(registry);
      byOutcome.set(outcome.ordinal(), counter);
    }
    return counter;
  }

  /** Created on first use: each outcome's histogram is some 70 series. */
  private Timer decisionTimer(Outcome outcome) {
    Timer timer = decisionDurations.get(outcome.ordinal());
    if (timer == null) {
      timer =
          Timer.builder(MeterNames.DECISION_DURATION)
              .description("Time from the Connect packet to the answer, by outcome")
              .tag("outcome", outcome.tag())
              .publishPercentileHistogram()
              .minimumExpectedValue(HISTOGRAM_MIN)
              .maximumExpectedValue(HISTOGRAM_MAX)
              .register(registry);
      decisionDurations.set(outcome.ordinal(), timer);
    }
    return timer;
  }

  /** Looked up without building a key or a lambda once the counter exists. */
  private Counter selectionCounter(String route, String backend) {
    Map<String, Counter> byBackend =
        selectionsByRoute.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
    Counter counter = byBackend.get(backend);
    if (counter != null) {
      return counter;
    }
    return byBackend.computeIfAbsent(
        backend,
        b ->
            Counter.builder(MeterNames.BACKEND_SELECTED)
                .description("Referrals sent, by route and target backend")
                .tag("route", route)
                .tag("backend", b)
                .register(registry));
  }

  /** The meters of one plugin, created when it is first seen. */
  private static final class PluginMeters {
    final String name;
    final Counter okCalls;
    final Counter failedCalls;
    final Timer duration;
    final Counter denies;
    final Counter repicks;
    final Counter referralRewrites;

    /** By failure kind and policy: {@code kind.ordinal() * POLICIES.length + policy.ordinal()}. */
    private final AtomicReferenceArray<Counter> failures =
        new AtomicReferenceArray<>(KINDS.length * POLICIES.length);

    PluginMeters(MeterRegistry registry, String name) {
      this.name = name;
      this.okCalls = calls(registry, name, "ok");
      this.failedCalls = calls(registry, name, "failure");
      this.duration =
          Timer.builder(MeterNames.PLUGIN_DURATION)
              .description("Plugin call time, until the answer or the deadline")
              .tag("plugin", name)
              .publishPercentileHistogram()
              .minimumExpectedValue(HISTOGRAM_MIN)
              .maximumExpectedValue(HISTOGRAM_MAX)
              .register(registry);
      this.denies =
          counter(
              registry,
              MeterNames.PLUGIN_DENIES,
              name,
              "Connections the plugin denied by its answer");
      this.repicks =
          counter(
              registry,
              MeterNames.PLUGIN_REPICKS,
              name,
              "Answers that changed candidates, selected index or backend");
      this.referralRewrites =
          counter(
              registry,
              MeterNames.PLUGIN_REFERRAL_REWRITES,
              name,
              "Answers that replaced the referral content");
    }

    /** Created on first use; registration is idempotent, so a racing thread gets the same one. */
    Counter failures(MeterRegistry registry, PluginException.Kind kind, OnError policy) {
      int slot = kind.ordinal() * POLICIES.length + policy.ordinal();
      Counter counter = failures.get(slot);
      if (counter == null) {
        counter =
            Counter.builder(MeterNames.PLUGIN_FAILURES)
                .description("Plugin calls that failed, by kind and the policy applied")
                .tag("plugin", name)
                .tag("kind", kind.tag())
                .tag("policy", policy.configName())
                .register(registry);
        failures.set(slot, counter);
      }
      return counter;
    }

    private static Counter calls(MeterRegistry registry, String name, String result) {
      return Counter.builder(MeterNames.PLUGIN_CALLS)
          .description("Plugin calls, by result")
          .tag("plugin", name)
          .tag("result", result)
          .register(registry);
    }

    private static Counter counter(
        MeterRegistry registry, String meter, String name, String description) {
      return Counter.builder(meter).description(description).tag("plugin", name).register(registry);
    }
  }
}
