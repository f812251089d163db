package io.signpost.plugin;

import java.util.concurrent.CompletableFuture;

/**
 * A connect-time plugin: it sees each {@link ConnectRequest} and may deny it, re-pick the backend
 * or rewrite the referral content.
 *
 * <h2>Threading</h2>
 *
 * {@link #onConnect} is called from the router's I/O threads (Netty event loops) and from the
 * chain's completion threads, concurrently for different connections. It must not block: an
 * implementation that does blocking or CPU-heavy work (a Wasm call) hands it to its own executor
 * and returns at once. The returned future may complete on any thread.
 *
 * <h2>Failure</h2>
 *
 * Completing exceptionally, preferably with a {@link PluginException} subclass naming the kind of
 * failure, or not completing before the deadline, is a plugin failure: the chain applies the
 * plugin's {@link OnError} policy, records it in the decision trace and logs it once. The chain
 * enforces the deadline itself; implementations should still stop work they know to be late (cancel
 * an RPC, interrupt a Wasm call) so resources are not held past it. A plugin never throws from
 * {@code onConnect}; a thrown exception is treated like an exceptional completion.
 */
public interface Plugin extends AutoCloseable {

  /** The configured plugin name. */
  String name();

  /**
   * Handles one connection.
   *
   * @param request the client's event and the routing state as it stands now
   * @param deadline when the answer is due; the chain stops waiting then
   * @return the plugin's answer; {@link ConnectResponse#EMPTY} changes nothing
   */
  CompletableFuture<ConnectResponse> onConnect(ConnectRequest request, Deadline deadline);

  /**
   * Whether the plugin can currently serve calls (its module is loaded, its breaker is not open).
   * Used for readiness; cheap and non-blocking.
   */
  default boolean isReady() {
    return true;
  }

  /**
   * Releases the plugin's resources: instances, channels, threads. Called once, when the router
   * stops or the chain is replaced, after in-flight calls have finished or their deadline passed.
   * May block briefly; must not throw.
   */
  @Override
  void close();
}
