package io.signpost.kubernetes.internal;

import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.signpost.discovery.DiscoveryProvider;
import io.signpost.discovery.SyncTracker;
import io.signpost.plugin.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A provider's shared informers and the one thread that turns their caches into a backend list.
 *
 * <p>Each informer lists, then watches, and resyncs every {@link #RESYNC}; it never gives up: a
 * failed list or watch is counted in the {@link SyncTracker} and retried with the client's
 * back-off, and a watch that cannot resume relists. Once every informer has listed once, any event
 * schedules a rebuild on the provider's thread (rebuilds coalesce: many events, one rebuild); the
 * list is published when it differs from the last one published, and always the first time. A check
 * every second tells the tracker whether every watch is up.
 */
final class WatchSet implements AutoCloseable {

  /** How often informers replay their cache; a rebuild that finds no change publishes nothing. */
  static final Duration RESYNC = Duration.ofMinutes(5);

  private static final Duration PROBE = Duration.ofSeconds(1);

  private final SyncTracker tracker;
  private final Supplier<List<Backend>> build;
  private final ExecutorService worker;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private volatile boolean synced;
  private volatile DiscoveryProvider.Listener listener;
  private List<Backend> published;
  private ScheduledFuture<?> probe;

  /**
   * @param provider the provider's name, for the thread
   * @param build computes the list from the informers' caches; runs on the provider's thread
   */
  WatchSet(String provider, SyncTracker tracker, Supplier<List<Backend>> build) {
    this.tracker = tracker;
    this.build = build;
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "signpost-discovery-" + provider);
              t.setDaemon(true);
              return t;
            });
  }

  /** Adds an informer over {@code source}, not started; returns it for its cache. */
  <T> SharedIndexInformer<T> add(Informable<T> source) {
    SharedIndexInformer<T> informer = source.runnableInformer(RESYNC.toMillis());
    informer.addEventHandler(new Handler<>());
    informer.exceptionHandler(
        (started, error) -> {
          tracker.failed(error);
          return true;
        });
    informers.add(informer);
    return informer;
  }

  /** Starts every informer and the watch check; returns at once. */
  void start(DiscoveryProvider.Listener listener, ScheduledExecutorService scheduler) {
    this.listener = listener;
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (SharedIndexInformer<?> informer : informers) {
      started.add(informer.start().toCompletableFuture());
    }
    CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .thenRun(
            () -> {
              synced = true;
              tracker.synced();
              changed();
            });
    probe =
        scheduler.scheduleWithFixedDelay(
            this::probe, PROBE.toMillis(), PROBE.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void probe() {
    if (synced) {
      boolean up = true;
      for (SharedIndexInformer<?> informer : informers) {
        up &= informer.isWatching();
      }
      tracker.watching(up);
    }
  }

  private void changed() {
    if (synced && rebuildPending.compareAndSet(false, true)) {
      worker.execute(this::rebuild);
    }
  }

  private void rebuild() {
    rebuildPending.set(false);
    List<Backend> next = List.copyOf(build.get());
    if (published == null || !published.equals(next)) {
      published = next;
      listener.backendsChanged(next);
    }
  }

  @Override
  public void close() {
    if (probe != null) {
      probe.cancel(false);
    }
    for (SharedIndexInformer<?> informer : informers) {
      informer.stop();
    }
    worker.shutdownNow();
  }

  /** Any change, and every completed list, schedules a rebuild. */
  private final class Handler<T> implements ResourceEventHandler<T> {
    @Override
    public void onList(String resourceVersion, boolean remainedEmpty) {
      changed();
    }

    @Override
    public void onAdd(T obj) {
      changed();
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      changed();
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      changed();
    }
  }
}
