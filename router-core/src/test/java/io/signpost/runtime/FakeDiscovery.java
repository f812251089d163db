package io.signpost.runtime;

import io.signpost.configtree.ConfigProblem;
import io.signpost.discovery.AllocationFailedException;
import io.signpost.discovery.DiscoveryContext;
import io.signpost.discovery.DiscoveryProvider;
import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.discovery.DiscoveryStatus;
import io.signpost.discovery.SyncTracker;
import io.signpost.plugin.Backend;
import io.signpost.plugin.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Discovery providers of type {@code fake} that tests drive by hand: publish a list, lose and
 * regain the watch, answer allocations. Section keys: {@code allocate} (bool), {@code stale_after}
 * (ms).
 */
public final class FakeDiscovery implements DiscoveryProviderFactory {

  private final Map<String, Provider> providers = new ConcurrentHashMap<>();

  /** This factory by type, for {@code SignpostRuntime.start}. */
  public Map<String, DiscoveryProviderFactory> factories() {
    return Map.of("fake", this);
  }

  /** The provider created for {@code name}. */
  public Provider provider(String name) {
    Provider p = providers.get(name);
    if (p == null) {
      throw new AssertionError("no fake provider " + name + " was created");
    }
    return p;
  }

  @Override
  public String type() {
    return "fake";
  }

  @Override
  public List<ConfigProblem> validate(DiscoveryProviderConfig config, String path) {
    return List.of();
  }

  @Override
  public String describe(DiscoveryProviderConfig config) {
    return "fake backends set by the test";
  }

  @Override
  public DiscoveryProvider create(DiscoveryProviderConfig config, DiscoveryContext context) {
    Duration staleAfter = Duration.ofMillis(config.section().path("stale_after").asLong(60_000));
    Provider p =
        new Provider(
            config.section().path("allocate").asBoolean(false),
            new SyncTracker(staleAfter, context.nanoClock()));
    providers.put(config.name(), p);
    return p;
  }

  /** One fake provider. */
  public static final class Provider implements DiscoveryProvider {
    private final boolean allocates;
    private final SyncTracker tracker;
    private volatile Listener listener;
    private volatile Function<Deadline, CompletableFuture<List<Backend>>> allocations =
        d -> CompletableFuture.failedFuture(new AllocationFailedException("not set up", null));
    private volatile boolean closed;

    Provider(boolean allocates, SyncTracker tracker) {
      this.allocates = allocates;
      this.tracker = tracker;
    }

    @Override
    public void start(Listener listener) {
      this.listener = listener;
    }

    /** Reports {@code backends} as the current list (the first call syncs). */
    public void publish(List<Backend> backends) {
      tracker.synced();
      listener.backendsChanged(List.copyOf(backends));
    }

    /** The watch fails: the list stays, the age grows. */
    public void lose(String error) {
      tracker.failed(new IllegalStateException(error));
    }

    /** The watch is back. */
    public void recover() {
      tracker.watching(true);
    }

    /** How allocations are answered. */
    public void allocations(Function<Deadline, CompletableFuture<List<Backend>>> answer) {
      this.allocations = answer;
    }

    public boolean closed() {
      return closed;
    }

    @Override
    public DiscoveryStatus status() {
      return tracker.status();
    }

    @Override
    public boolean allocates() {
      return allocates;
    }

    @Override
    public CompletableFuture<List<Backend>> allocate(Deadline deadline) {
      return allocations.apply(deadline);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
