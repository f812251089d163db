package io.signpost.routing;

import io.signpost.plugin.Backend;
import io.signpost.plugin.Deadline;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Obtains backends for one connection from a provider that allocates (Agones allocate mode).
 *
 * <p>Called on the listener's event loop once per connection routed to a pool using the provider;
 * it must return at once and do its work elsewhere. The future completes with the allocated
 * backends (usually one) or exceptionally, with an exception whose message says why; that message
 * becomes the {@code ${error}} of the {@code discovery_error} answer. It must complete by {@code
 * deadline}.
 */
@FunctionalInterface
public interface BackendAllocator {

  CompletableFuture<List<Backend>> allocate(Deadline deadline);
}
