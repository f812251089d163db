package io.signpost.discovery;

import io.signpost.plugin.Backend;
import io.signpost.plugin.Deadline;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One running discovery provider: it watches its sources and reports the backends they describe.
 *
 * <p>Lifecycle: built by {@link DiscoveryProviderFactory#create}, then {@link #start} once, then
 * {@link #close} once at shutdown. Every method is thread-safe.
 *
 * <p>Failure: a provider never gives up. When it loses its watch it keeps reporting its last list
 * (the router keeps routing on it), counts the failure in {@link #status()}, retries on its own and
 * reports again when it is back; after {@link DiscoveryStatus#stale()} says so, the router reports
 * it as degraded. A provider does not log its failures beyond its client library's own lines: the
 * router logs state changes.
 */
public interface DiscoveryProvider extends AutoCloseable {

  /** Receives a provider's lists. */
  @FunctionalInterface
  interface Listener {

    /**
     * The provider's complete current list, immutable, in a stable order; called for the first time
     * when the provider has synced (possibly with an empty list), then on every change. Calls never
     * overlap. The router's implementation returns at once: it hands the list to its own thread.
     */
    void backendsChanged(List<Backend> backends);
  }

  /**
   * Starts watching and returns at once; the first list arrives on {@code listener} when the
   * provider has synced. A provider that allocates ({@link #allocates()}) need not call the
   * listener at all.
   */
  void start(Listener listener);

  /** What the provider knows of its own health; cheap, never blocks, never throws. */
  DiscoveryStatus status();

  /**
   * Whether the provider hands out a backend per connection ({@link #allocate}) instead of
   * reporting a list. Constant for the provider's life.
   */
  default boolean allocates() {
    return false;
  }

  /**
   * Allocates backends for one connection (usually one). Called on the listener's event loop: it
   * must return at once and do its work elsewhere. The future must complete by {@code deadline};
   * when it cannot (the API is slow, a throttling interval would push it past the deadline), it
   * completes exceptionally with a {@link DiscoveryException} whose message says why; the router
   * answers {@code discovery_error} with that message in {@code ${error}}.
   *
   * @throws UnsupportedOperationException when the provider does not {@link #allocates()}
   */
  default CompletableFuture<List<Backend>> allocate(Deadline deadline) {
    throw new UnsupportedOperationException("this provider does not allocate");
  }

  /** Stops watching and releases the client; idempotent, may block briefly. */
  @Override
  void close();
}
