package io.signpost.runtime;

import static java.util.Objects.requireNonNull;

import io.signpost.admin.Readiness.ProviderStatus;
import io.signpost.annotation.Nullable;
import io.signpost.chain.AnswerLimits;
import io.signpost.config.SignpostConfig;
import io.signpost.discovery.AllocationTimeoutException;
import io.signpost.discovery.DiscoveryContext;
import io.signpost.discovery.DiscoveryProvider;
import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.discovery.DiscoveryStatus;
import io.signpost.discovery.ProviderSetupException;
import io.signpost.metrics.DiscoveryMetrics;
import io.signpost.plugin.Backend;
import io.signpost.routing.BackendAllocator;
import io.signpost.routing.ProviderView;
import io.signpost.routing.RoutingEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured discovery providers, running, and the one path by which their lists reach the
 * routing engine.
 *
 * <p>A provider's list is handed to a single thread ({@code signpost-discovery}) that builds the
 * next routing snapshot and swaps it in, so updates apply in order and never on the connect path or
 * a provider's own thread. An allocating provider gets a {@link BackendAllocator} that bounds each
 * allocation by its deadline and records it in the metrics. A periodic check logs each state change
 * once: synced, stale, recovered.
 */
public final class DiscoveryProviders implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DiscoveryProviders.class);
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  /** One provider and what the router has seen of it. */
  private static final class Entry {
    final DiscoveryProviderConfig config;
    final @Nullable DiscoveryProvider provider;
    final @Nullable String missing;
    volatile boolean applied;
    volatile int backends;
    boolean loggedStale;

    Entry(
        DiscoveryProviderConfig config,
        @Nullable DiscoveryProvider provider,
        @Nullable String missing) {
      this.config = config;
      this.provider = provider;
      this.missing = missing;
    }
  }

  private final List<Entry> entries;
  private final LongSupplier nanoClock;
  private final ScheduledExecutorService timer;
  private final ExecutorService applier;
  private final long createdNanos;
  private @Nullable ScheduledFuture<?> check;

  private DiscoveryProviders(
      List<Entry> entries, ScheduledExecutorService timer, LongSupplier nanoClock) {
    this.entries = List.copyOf(entries);
    this.timer = timer;
    this.nanoClock = nanoClock;
    this.createdNanos = nanoClock.getAsLong();
    this.applier =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "signpost-discovery");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Creates every configured provider, not started. A provider whose type has no installed factory
   * is kept as unavailable: its pools answer {@code discovery_error} and readiness names it.
   *
   * @throws ProviderSetupException when a factory cannot build its provider; those built before are
   *     closed first
   */
  static DiscoveryProviders create(
      SignpostConfig config,
      Map<String, DiscoveryProviderFactory> factories,
      ScheduledExecutorService timer,
      LongSupplier nanoClock) {
    List<Entry> entries = new ArrayList<>();
    DiscoveryContext context = new DiscoveryContext(timer, nanoClock);
    try {
      for (DiscoveryProviderConfig c : config.discoveryProviders()) {
        DiscoveryProviderFactory factory = factories.get(c.type());
        if (factory == null) {
          String missing =
              "no discovery provider of type "
                  + c.type()
                  + " is installed for \""
                  + c.name()
                  + "\"";
          log.warn(
              "discovery provider {}: {}; its pools answer discovery_error", c.name(), missing);
          entries.add(new Entry(c, null, missing));
          continue;
        }
        DiscoveryProvider provider;
        try {
          provider = factory.create(c, context);
        } catch (ProviderSetupException e) {
          throw new ProviderSetupException(
              "discovery provider " + c.name() + ": " + e.getMessage(), e);
        }
        log.info("discovery provider {} ({}): {}", c.name(), c.type(), factory.describe(c));
        entries.add(new Entry(c, provider, null));
      }
    } catch (RuntimeException e) {
      entries.forEach(en -> closeQuietly(en, e));
      throw e;
    }
    return new DiscoveryProviders(entries, timer, nanoClock);
  }

  /**
   * Starts every provider; returns at once. Their lists reach {@code engine} as they arrive.
   * Allocating providers are put in service at once.
   */
  void start(RoutingEngine engine, DiscoveryMetrics metrics) {
    requireNonNull(engine, "engine");
    metrics.bindPools(() -> engine.snapshot().discoveryPools());
    for (Entry e : entries) {
      String name = e.config.name();
      DiscoveryProvider provider = e.provider;
      if (provider == null) {
        engine.updateProvider(name, new ProviderView.Unavailable(e.missing));
        continue;
      }
      metrics.bindProvider(name, provider::status);
      if (provider.allocates()) {
        engine.updateProvider(
            name, new ProviderView.Allocating(allocator(name, provider, metrics)));
        e.applied = true;
        provider.start(backends -> {});
        continue;
      }
      provider.start(backends -> applier.execute(() -> apply(engine, e, backends)));
    }
    check =
        timer.scheduleWithFixedDelay(
            this::logStateChanges,
            CHECK_INTERVAL.toMillis(),
            CHECK_INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void apply(RoutingEngine engine, Entry e, List<Backend> reported) {
    List<Backend> backends = bounded(e.config.name(), reported);
    engine.updateProvider(e.config.name(), new ProviderView.Listed(backends));
    e.backends = backends.size();
    if (!e.applied) {
      e.applied = true;
      log.info(
          "discovery provider {} synced in {} ms: {} backends",
          e.config.name(),
          (nanoClock.getAsLong() - createdNanos) / 1_000_000,
          backends.size());
    } else {
      log.debug("discovery provider {}: {} backends", e.config.name(), backends.size());
    }
  }

  private BackendAllocator allocator(
      String name, DiscoveryProvider provider, DiscoveryMetrics metrics) {
    return deadline -> {
      long started = nanoClock.getAsLong();
      CompletableFuture<List<Backend>> allocated;
      try {
        allocated = provider.allocate(deadline);
      } catch (RuntimeException e) {
        allocated = CompletableFuture.failedFuture(e);
      }
      CompletableFuture<List<Backend>> out = new CompletableFuture<>();
      allocated
          .copy()
          .orTimeout(Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS)
          .whenComplete(
              (list, error) -> {
                Duration took = Duration.ofNanos(nanoClock.getAsLong() - started);
                metrics.allocation(name, took, error == null);
                if (error == null) {
                  out.complete(bounded(name, list));
                } else {
                  out.completeExceptionally(describe(error, took));
                }
              });
      return out;
    };
  }

  /** The provider's backends within the router's limits; what was dropped or cut is logged. */
  private List<Backend> bounded(String provider, List<Backend> reported) {
    DiscoveredBackends.Bounded bounded = DiscoveredBackends.bound(reported);
    if (bounded.dropped() > 0 || bounded.cut() > 0) {
      log.warn(
          "discovery provider {}: {} backend(s) dropped (host longer than {} characters), {} with"
              + " metadata cut to {} entries of at most {} characters",
          provider,
          bounded.dropped(),
          AnswerLimits.MAX_HOST_CHARS,
          bounded.cut(),
          AnswerLimits.MAX_META_ENTRIES,
          AnswerLimits.MAX_META_VALUE_CHARS);
    }
    return bounded.backends();
  }

  private static Throwable describe(Throwable error, Duration took) {
    Throwable t =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (t instanceof TimeoutException) {
      return new AllocationTimeoutException(
          "allocation did not complete within the connection's deadline ("
              + took.toMillis()
              + " ms)");
    }
    return t;
  }

  /** Every provider's readiness, in configuration order. */
  public List<ProviderStatus> states() {
    List<ProviderStatus> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(state(e));
    }
    return out;
  }

  private static ProviderStatus state(Entry e) {
    String name = e.config.name();
    if (e.provider == null) {
      return new ProviderStatus(name, e.config.type(), false, false, e.missing);
    }
    DiscoveryStatus s = e.provider.status();
    String last = s.lastError() == null ? "" : " (last error: " + s.lastError() + ")";
    if (!e.applied) {
      return new ProviderStatus(name, e.config.type(), false, false, "not synced yet" + last);
    }
    if (s.stale()) {
      return new ProviderStatus(
          name,
          e.config.type(),
          true,
          true,
          "stale: no working watch for "
              + s.age().toSeconds()
              + " s; routing on its last list of "
              + e.backends
              + " backends"
              + last);
    }
    return new ProviderStatus(name, e.config.type(), true, false, null);
  }

  private void logStateChanges() {
    for (Entry e : entries) {
      if (e.provider == null || !e.applied) {
        continue;
      }
      ProviderStatus s = state(e);
      if (s.stale() && !e.loggedStale) {
        e.loggedStale = true;
        log.warn("discovery provider {} {}", s.name(), s.reason());
      } else if (!s.stale() && e.loggedStale) {
        e.loggedStale = false;
        log.info("discovery provider {} recovered: its watches are up again", s.name());
      }
    }
  }

  /** Stops the providers and the update thread. */
  @Override
  public void close() {
    if (check != null) {
      check.cancel(false);
    }
    applier.shutdownNow();
    RuntimeException first = null;
    for (Entry e : entries) {
      try {
        if (e.provider != null) {
          e.provider.close();
        }
      } catch (RuntimeException failure) {
        if (first == null) {
          first = failure;
        }
      }
    }
    if (first != null) {
      log.warn("closing discovery providers: {}", first.toString());
    }
  }

  private static void closeQuietly(Entry e, RuntimeException cause) {
    if (e.provider == null) {
      return;
    }
    try {
      e.provider.close();
    } catch (RuntimeException closeFailure) {
      cause.addSuppressed(closeFailure);
    }
  }
}
