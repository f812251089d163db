package io.signpost.chain;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.DeadlineTimer;
import io.signpost.plugin.EncodedRequest;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginInternalException;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.text.GoDuration;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * One plugin call as the chain makes it, and the one place that enforces a call's limit: a null
 * future or a thrown exception becomes a failure, and the answer is bounded by the deadline on the
 * router's {@link DeadlineTimer} whatever the plugin does.
 *
 * <p>Every timeout at the deadline reads the same, in the configuration's syntax: {@code no answer
 * within 1s}, whether the chain's timer fired first or the plugin gave up on its own once the
 * deadline had passed (a Wasm call stopped at its limit, a gRPC {@code DEADLINE_EXCEEDED}); the
 * plugin's own report is kept as the cause. A timeout the plugin reports before the deadline (one
 * of its own, shorter) keeps its message.
 */
final class BoundedCall {

  private BoundedCall() {}

  /** Calls the plugin and bounds the answer by the deadline, whatever the plugin does. */
  static CompletableFuture<ConnectResponse> call(
      PluginChain.Link link, EncodedRequest request, Deadline deadline, DeadlineTimer timer) {
    String name = link.config().name();
    Duration timeout = link.config().timeout();
    CompletableFuture<ConnectResponse> answer;
    try {
      answer = link.plugin().onConnect(request, deadline);
      if (answer == null) {
        return CompletableFuture.failedFuture(
            new PluginInternalException(name, "onConnect returned null (expected: a future)"));
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (answer.isDone()) {
      return answer.exceptionallyCompose(e -> failed(timedOut(name, timeout, deadline, e)));
    }
    CompletableFuture<ConnectResponse> bounded = new CompletableFuture<>();
    DeadlineTimer.Timeout timeoutTask;
    try {
      timeoutTask =
          timer.schedule(
              deadline,
              () -> {
                if (bounded.completeExceptionally(timedOut(name, timeout, deadline, null))) {
                  answer.cancel(false);
                }
              });
    } catch (RejectedExecutionException e) {
      // Thrown here it would escape run() or, after the first plugin, leave the result pending.
      answer.cancel(false);
      return CompletableFuture.failedFuture(
          new PluginInternalException(name, "cannot bound the call: the timer is shut down", e));
    }
    answer.whenComplete(
        (response, error) -> {
          timeoutTask.cancel();
          if (error != null) {
            bounded.completeExceptionally(timedOut(name, timeout, deadline, error));
          } else {
            bounded.complete(response);
          }
        });
    return bounded;
  }

  /**
   * The chain's timeout failure when {@code error} is none (the timer fired) or the plugin's own
   * timeout after the deadline; any other error as it is.
   */
  private static Throwable timedOut(
      String name, Duration timeout, Deadline deadline, @Nullable Throwable error) {
    if (error != null
        && !(unwrap(error) instanceof PluginTimeoutException && deadline.isExpired())) {
      return error;
    }
    return new PluginTimeoutException(
        name,
        "no answer within " + GoDuration.format(timeout),
        error == null ? null : unwrap(error));
  }

  private static <T> CompletableFuture<T> failed(Throwable error) {
    return CompletableFuture.failedFuture(error);
  }

  /** The failure as a {@link PluginException}, unwrapped from the future's wrappers. */
  static PluginException asPluginException(String name, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof PluginException pe) {
      return pe;
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return new PluginTimeoutException(name, "no answer in time", cause);
    }
    return new PluginInternalException(name, "unexpected failure: " + cause, cause);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
