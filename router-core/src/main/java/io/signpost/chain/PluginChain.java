package io.signpost.chain;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.log.LogRateLimiter;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.DeadlineTimer;
import io.signpost.plugin.EncodedRequest;
import io.signpost.plugin.OnError;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a connection through the configured plugins, one after another, without blocking.
 *
 * <p>Order is fixed at construction by {@link PluginOrder}. Each plugin sees the routing state left
 * by the previous one; its answer is applied by the rules of {@link RoutingState}, within the
 * bounds of {@link AnswerLimits} (a deny reason is cut, an oversized backend or list is ignored;
 * either is recorded in the step's {@code ignored} list). The first deny ends the chain.
 *
 * <p>A plugin call that fails, or does not answer within the plugin's {@code timeout}, is a
 * failure; this class is the one place that applies the plugin's {@link OnError} policy and logs
 * it: {@code continue} goes on with the next plugin as if the plugin had answered nothing, {@code
 * deny} refuses the connection. Either way the step is recorded in the {@link ChainResult}.
 *
 * <p>The failure lines are rate-limited per plugin (10 a second, bursts of 20; see {@link
 * LogRateLimiter.Limits#PLUGIN_FAILURES}): the dropped ones are counted ({@link
 * #suppressedFailureLines}) and summed up in one line a second at most. Every call's outcome is
 * also recorded in the plugin's {@link CallHealthTracker}, which readiness asks.
 *
 * <p>A shadow entry ({@link PluginConfig#shadow()}) is called at its position with the request a
 * plugin there would see, and the chain goes on at once without waiting for it: a shadow never
 * delays, changes or fails a connection. Its call is bounded by its own {@code timeout}; at most
 * {@code maxShadowCallsInFlight} of its calls run at once, later ones are skipped. Its answer is
 * compared with the chain's result ({@link ShadowCall}), recorded as a step marked shadow (or
 * {@code pending} when the result came first) and counted in its {@link ShadowTally}.
 *
 * <p>Thread-safety: one chain serves all connections concurrently. {@link #run} returns at once;
 * each plugin is called on the thread that completed the previous one (the caller's thread for the
 * first), and the result completes on whichever thread completes the last call or timer.
 */
public final class PluginChain implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PluginChain.class);

  /** A plugin and its configuration. */
  public record Link(PluginConfig config, Plugin plugin) {
    public Link {
      requireNonNull(config, "config");
      requireNonNull(plugin, "plugin");
    }
  }

  /**
   * Calls of one shadow plugin in flight at once, when not configured; beyond it they are skipped.
   */
  public static final int DEFAULT_MAX_SHADOW_CALLS_IN_FLIGHT = 256;

  /** What the chain keeps per plugin, aligned with {@link #links}; a tally for shadows only. */
  private record Monitor(
      CallHealthTracker health, FailureLog failures, @Nullable ShadowTally shadow) {}

  private final List<Link> links;
  private final Monitor[] monitors;
  private final AtomicInteger running = new AtomicInteger();
  private final Map<String, Monitor> monitorsByName;
  private final DeadlineTimer deadlines;
  private final int maxReferralContent;

  /**
   * A chain on the system's monotonic clock.
   *
   * @see #PluginChain(List, ScheduledExecutorService, int, LongSupplier)
   */
  public PluginChain(List<Link> links, ScheduledExecutorService timer, int maxReferralContent) {
    this(links, timer, maxReferralContent, System::nanoTime);
  }

  /**
   * A chain that bounds its calls on the deadline timer the plugins were given, so one timer serves
   * the chain and the plugin hosts.
   *
   * @see #PluginChain(List, ScheduledExecutorService, int, LongSupplier)
   */
  public PluginChain(List<Link> links, PluginContext context, int maxReferralContent) {
    this(
        links,
        context.deadlines(),
        context.scheduler(),
        maxReferralContent,
        System::nanoTime,
        DEFAULT_MAX_SHADOW_CALLS_IN_FLIGHT);
  }

  /**
   * @param links the plugins in any order; they are ordered here by stage and before/after
   * @param timer runs the per-call deadlines (on a {@link DeadlineTimer} of the chain's own) and
   *     the flush of failure-line summaries; tasks are tiny
   * @param maxReferralContent longest referral content the envelope can carry; longer plugin output
   *     is ignored and recorded
   * @param nanoClock the clock of the health trackers and of the failure-line rate limit (monotonic
   *     nanoseconds, normally {@code System::nanoTime}); call durations and deadlines always use
   *     {@link System#nanoTime}
   * @throws IllegalArgumentException when the ordering constraints form a cycle
   */
  public PluginChain(
      List<Link> links,
      ScheduledExecutorService timer,
      int maxReferralContent,
      LongSupplier nanoClock) {
    this(links, timer, maxReferralContent, nanoClock, DEFAULT_MAX_SHADOW_CALLS_IN_FLIGHT);
  }

  /**
   * A chain with its own bound on the calls of each shadow plugin in flight at once.
   *
   * @param maxShadowCallsInFlight calls of one shadow plugin running at once; later ones are
   *     skipped and counted
   * @throws IllegalArgumentException when {@code maxShadowCallsInFlight < 1}, or the ordering
   *     constraints form a cycle
   * @see #PluginChain(List, ScheduledExecutorService, int, LongSupplier)
   */
  public PluginChain(
      List<Link> links,
      ScheduledExecutorService timer,
      int maxReferralContent,
      LongSupplier nanoClock,
      int maxShadowCallsInFlight) {
    this(
        links,
        new DeadlineTimer(timer),
        timer,
        maxReferralContent,
        nanoClock,
        maxShadowCallsInFlight);
  }

  private PluginChain(
      List<Link> links,
      DeadlineTimer deadlines,
      ScheduledExecutorService timer,
      int maxReferralContent,
      LongSupplier nanoClock,
      int maxShadowCallsInFlight) {
    requireNonNull(nanoClock, "nanoClock");
    if (maxShadowCallsInFlight < 1) {
      throw new IllegalArgumentException(
          "maxShadowCallsInFlight: " + maxShadowCallsInFlight + " (expected: >= 1)");
    }
    List<PluginConfig> ordered = PluginOrder.order(links.stream().map(Link::config).toList());
    List<Link> sorted = new ArrayList<>(links.size());
    for (PluginConfig config : ordered) {
      sorted.add(links.stream().filter(l -> l.config() == config).findFirst().orElseThrow());
    }
    this.links = List.copyOf(sorted);
    this.deadlines = requireNonNull(deadlines, "deadlines");
    requireNonNull(timer, "timer");
    this.maxReferralContent = maxReferralContent;
    this.monitors = new Monitor[sorted.size()];
    this.monitorsByName = new HashMap<>();
    for (int i = 0; i < monitors.length; i++) {
      PluginConfig config = sorted.get(i).config();
      String name = config.name();
      monitors[i] =
          new Monitor(
              new CallHealthTracker(name, nanoClock),
              new FailureLog(name, timer, nanoClock),
              config.shadow() ? new ShadowTally(maxShadowCallsInFlight) : null);
      monitorsByName.putIfAbsent(name, monitors[i]);
    }
  }

  /** The plugins in execution order. */
  public List<Link> links() {
    return links;
  }

  /**
   * What the chain has seen of the calls of {@code plugin}.
   *
   * @throws IllegalArgumentException when no plugin of the chain has that name
   */
  public CallHealthTracker callHealth(String plugin) {
    return monitor(plugin).health();
  }

  /**
   * Failure lines of {@code plugin} dropped by the rate limit so far; read by the metric {@code
   * signpost.log.suppressed}; 0 for a name no plugin of the chain has (one a reload removed).
   */
  public long suppressedFailureLines(String plugin) {
    Monitor monitor = monitorsByName.get(plugin);
    return monitor == null ? 0 : monitor.failures().suppressed();
  }

  /**
   * What the shadow plugin {@code plugin} has done so far; read by the metrics {@code
   * signpost.shadow.*}.
   *
   * @throws IllegalArgumentException when no shadow plugin of the chain has that name
   */
  /**
   * The tally of the shadow plugin {@code plugin}, or null when this chain has no shadow of that
   * name (a reload removed it, or it is no longer a shadow).
   */
  public @Nullable ShadowTally shadowTallyIfAny(String plugin) {
    Monitor monitor = monitorsByName.get(plugin);
    return monitor == null ? null : monitor.shadow();
  }

  public ShadowTally shadowTally(String plugin) {
    ShadowTally tally = monitor(plugin).shadow();
    if (tally == null) {
      throw new IllegalArgumentException(
          "plugin: \"" + plugin + "\" is not a shadow (expected: an entry with shadow: true)");
    }
    return tally;
  }

  private Monitor monitor(String plugin) {
    Monitor monitor = monitorsByName.get(plugin);
    if (monitor == null) {
      throw new IllegalArgumentException(
          "plugin: \"" + plugin + "\" (expected: one of " + monitorsByName.keySet() + ")");
    }
    return monitor;
  }

  /**
   * Runs {@code request} through every plugin, continuing on the thread that completed each call.
   *
   * @return completes normally, always: failures are folded into the result by policy
   */
  public CompletableFuture<ChainResult> run(ConnectRequest request) {
    return run(request, Runnable::run);
  }

  /**
   * Runs {@code request} through every plugin. A plugin that answers at once is followed at once;
   * one that answers on another thread (a Wasm worker, a gRPC thread, the deadline timer) is
   * followed on {@code continueOn}, the connection's thread, so the rest of the chain and the
   * result's consumers run there. When {@code continueOn} refuses a task (its event loop has
   * stopped) the chain continues where the call completed, so the result always completes.
   *
   * @return completes normally, always: failures are folded into the result by policy
   */
  public CompletableFuture<ChainResult> run(ConnectRequest request, Executor continueOn) {
    Run run = new Run(request, ContinueOn.orInPlace(continueOn));
    running.incrementAndGet();
    run.result.whenComplete((result, error) -> running.decrementAndGet());
    run.next(0);
    return run.result;
  }

  /** How many runs have started and not finished: a replaced chain is retired at zero. */
  public int inFlight() {
    return running.get();
  }

  /**
   * Closes the plugins of this chain that are not in {@code kept} (those a newer chain took over),
   * in reverse order; failures are logged and do not stop the others.
   */
  public void closeExcept(Set<Plugin> kept) {
    for (int i = links.size() - 1; i >= 0; i--) {
      Link link = links.get(i);
      if (kept.contains(link.plugin())) {
        continue;
      }
      try {
        link.plugin().close();
      } catch (RuntimeException e) {
        log.warn("plugin {}: close failed: {}", link.config().name(), e.toString());
      }
    }
  }

  /** Closes every plugin, in reverse order; failures are logged and do not stop the others. */
  @Override
  public void close() {
    closeExcept(Set.of());
  }

  /** One connection's pass through the chain. */
  private final class Run {
    final CompletableFuture<ChainResult> result = new CompletableFuture<>();
    final ConnectRequest initial;
    final RoutingState state;
    final List<PluginStep> steps = new ArrayList<>(links.size());

    final Executor continueOn;

    /** The shadow calls started, in chain order; null until the first. */
    @Nullable List<ShadowCall> shadows;

    /**
     * The request as the routing state stands, with its JSON once a plugin asked for it; null after
     * a plugin changed the state, until the next plugin needs it.
     */
    @Nullable EncodedRequest current;

    Run(ConnectRequest initial, Executor continueOn) {
      this.initial = initial;
      this.continueOn = continueOn;
      this.state =
          new RoutingState(
              initial.candidates(),
              initial.selectedIndex(),
              initial.backend(),
              initial.referralContent(),
              maxReferralContent);
      this.current = EncodedRequest.of(initial);
    }

    void next(int index) {
      if (index == links.size()) {
        finish(false, null, null);
        return;
      }
      Link link = links.get(index);
      PluginConfig config = link.config();
      if (current == null) {
        current =
            EncodedRequest.of(
                initial.withState(
                    state.candidates, state.selectedIndex, state.backend, state.referralContent));
      }
      EncodedRequest request = current;
      if (config.shadow()) {
        startShadow(index, link, request);
        next(index + 1);
        return;
      }
      long started = System.nanoTime();
      CompletableFuture<ConnectResponse> call =
          BoundedCall.call(link, request, Deadline.after(config.timeout()), deadlines);
      if (call.isDone()) {
        call.whenComplete((response, error) -> onCompleted(index, link, started, response, error));
      } else {
        call.whenCompleteAsync(
            (response, error) -> onCompleted(index, link, started, response, error), continueOn);
      }
    }

    /**
     * Starts the shadow call and returns at once; it never continues on the connection's thread.
     */
    private void startShadow(int index, Link link, EncodedRequest request) {
      if (shadows == null) {
        shadows = new ArrayList<>(2);
      }
      Monitor monitor = monitors[index];
      if (!monitor.shadow().tryStart()) {
        shadows.add(ShadowCall.skipped(link, request.request(), steps.size()));
        return;
      }
      ShadowCall shadow =
          ShadowCall.started(
              link,
              request.request(),
              steps.size(),
              monitor.shadow(),
              monitor.health(),
              monitor.failures(),
              maxReferralContent);
      shadows.add(shadow);
      BoundedCall.call(link, request, Deadline.after(link.config().timeout()), deadlines)
          .whenComplete(shadow::ended);
    }

    private void onCompleted(
        int index, Link link, long started, ConnectResponse response, Throwable error) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (error != null) {
        onFailure(index, link, took, BoundedCall.asPluginException(link.config().name(), error));
      } else {
        onAnswer(index, link, took, response);
      }
    }

    private void onAnswer(int index, Link link, Duration took, ConnectResponse answer) {
      monitors[index].health().recordSuccess();
      ConnectResponse response = answer == null ? ConnectResponse.EMPTY : answer;
      List<String> changes = new ArrayList<>();
      List<String> ignored = new ArrayList<>();
      if (response.deny()) {
        changes.add(PluginStep.DENY);
        String reason = AnswerLimits.denyReason(response.denyReason(), ignored);
        warnIgnored(link, ignored);
        steps.add(step(link, took, changes, ignored, null, null));
        finish(true, blankToNull(reason), link.config().name());
        return;
      }
      state.apply(response, changes, ignored);
      if (!changes.isEmpty()) {
        current = null;
      }
      warnIgnored(link, ignored);
      steps.add(step(link, took, changes, ignored, null, null));
      next(index + 1);
    }

    private void warnIgnored(Link link, List<String> ignored) {
      if (!ignored.isEmpty()) {
        log.warn("plugin {}: answer partly ignored: {}", link.config().name(), ignored);
      }
    }

    private void onFailure(int index, Link link, Duration took, PluginException failure) {
      OnError policy = link.config().onError();
      Monitor monitor = monitors[index];
      monitor.health().recordFailure(failure);
      monitor.failures().failed(failure, policy);
      steps.add(step(link, took, List.of(), List.of(), failure, policy));
      if (policy == OnError.DENY) {
        finish(true, null, link.config().name());
      } else {
        next(index + 1);
      }
    }

    private PluginStep step(
        Link link,
        Duration took,
        List<String> changes,
        List<String> ignored,
        PluginException failure,
        OnError policy) {
      return new PluginStep(
          link.config().name(),
          link.config().stage(),
          took,
          changes,
          ignored,
          failure == null ? null : failure.kind(),
          failure == null ? null : failure.getMessage(),
          policy);
    }

    private void finish(boolean denied, String reason, String deniedBy) {
      ChainResult done =
          new ChainResult(
              denied,
              reason,
              deniedBy,
              state.candidates,
              state.selectedIndex,
              state.backend,
              state.referralContent,
              steps);
      result.complete(shadows == null ? done : withShadowSteps(done));
    }

    /** The result with each shadow's step at its position in the chain. */
    private ChainResult withShadowSteps(ChainResult done) {
      List<PluginStep> all = new ArrayList<>(steps.size() + shadows.size());
      int next = 0;
      for (ShadowCall shadow : shadows) {
        while (next < shadow.position()) {
          all.add(steps.get(next++));
        }
        all.add(shadow.chainFinished(done));
      }
      while (next < steps.size()) {
        all.add(steps.get(next++));
      }
      return new ChainResult(
          done.denied(),
          done.denyReason(),
          done.deniedBy(),
          done.candidates(),
          done.selectedIndex(),
          done.backend(),
          state.referralContent,
          all);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
