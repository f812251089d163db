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
   * Handles one connection, with the request's JSON at hand: the router calls this one. A plugin
   * that sends the request as JSON (a Wasm module, a gRPC service) overrides it and uses {@link
   * EncodedRequest#json()}, which the chain encodes at most once per routing state and shares
   * between plugins; the default hands {@link EncodedRequest#request()} to {@link
   * #onConnect(ConnectRequest, Deadline)}, so plugins that work on the record need nothing else.
   * Same threading and failure rules as {@link #onConnect(ConnectRequest, Deadline)}.
   *
   * @param request the client's event and the routing state as it stands now, with its JSON
   * @param deadline when the answer is due; the chain stops waiting then
   * @return the plugin's answer; {@link ConnectResponse#EMPTY} changes nothing
   */
  default CompletableFuture<ConnectResponse> onConnect(EncodedRequest request, Deadline deadline) {
    return onConnect(request.request(), deadline);
  }

  /**
   * Completes once the plugin has shown that it can answer: a gRPC plugin's channel is connected
   * and its server answered one RPC, for instance.
   *
   * <p>Called once by the router at startup, after {@link PluginFactory#create} and before the QUIC
   * listener accepts connections, on the thread that starts the router; no {@link #onConnect} call
   * arrives before the router has stopped waiting. Must not block: return at once and complete the
   * future on any thread. An implementation retries on its own (reconnecting, polling) until it is
   * warm or {@code deadline} passes, and then completes exceptionally, preferably with a {@link
   * PluginException} whose message says what it waited for and the last problem seen ({@code
   * channel to 127.0.0.1:7777 not connected: connection refused}). The router stops waiting at the
   * deadline in any case and then cancels the future; what it does with a plugin that is not warm
   * depends on the plugin's {@link OnError} (see docs/operations.md). A thrown exception counts as
   * an exceptional completion.
   *
   * <p>The default completes at once: right for plugins that are ready when {@code create} returns,
   * such as Wasm plugins, whose first instance is created while loading.
   *
   * @param deadline the end of the router's startup budget ({@code limits.plugin_startup_timeout})
   * @return completes normally when the plugin is warm
   */
  default CompletableFuture<Void> warmUp(Deadline deadline) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Whether the plugin can currently serve calls (its module is loaded, its breaker is not open).
   * Implementations that override {@link #health()} should answer {@code health().ready()}; the
   * router itself asks {@link #health()}.
   *
   * <p>Called on the admin listener's thread for every {@code /readyz} request, concurrently with
   * calls; cheap, non-blocking, must not throw.
   */
  default boolean isReady() {
    return true;
  }

  /**
   * Whether the plugin can currently serve calls and, when not, why: its module is not loaded, its
   * circuit breaker is open, all its instances are stuck past their deadline. The reason is shown
   * by {@code /readyz}; a plugin that cannot serve under {@code on_error: deny} makes the router
   * not ready.
   *
   * <p>Called on the admin listener's thread for every {@code /readyz} request, concurrently with
   * calls; cheap (a few field reads), non-blocking, must not throw (a thrown exception answers
   * {@code 503}). The default reports {@link #isReady()} without a reason, so implementations
   * written before this method keep working.
   */
  default PluginHealth health() {
    return isReady() ? PluginHealth.READY : PluginHealth.NOT_READY;
  }

  /**
   * Releases the plugin's resources: instances, channels, threads. Called once, when the router
   * stops or the chain is replaced, after in-flight calls have finished or their deadline passed.
   * May block briefly; must not throw.
   */
  @Override
  void close();
}
