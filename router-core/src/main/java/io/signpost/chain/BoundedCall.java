package io.signpost.chain;

import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginInternalException;
import io.signpost.plugin.PluginTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One plugin call as the chain makes it: a null future or a thrown exception becomes a failure, and
 * the answer is bounded by the deadline on the chain's timer whatever the plugin does.
 */
final class BoundedCall {

  private BoundedCall() {}

  /** Calls the plugin and bounds the answer by the deadline, whatever the plugin does. */
  static CompletableFuture<ConnectResponse> call(
      PluginChain.Link link,
      ConnectRequest request,
      Deadline deadline,
      ScheduledExecutorService timer) {
    String name = link.config().name();
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
      return answer;
    }
    CompletableFuture<ConnectResponse> bounded = new CompletableFuture<>();
    Duration timeout = link.config().timeout();
    ScheduledFuture<?> timeoutTask;
    try {
      timeoutTask =
          timer.schedule(
              () -> {
                if (bounded.completeExceptionally(
                    new PluginTimeoutException(name, "no answer within " + timeout))) {
                  answer.cancel(false);
                }
              },
              Math.max(0, deadline.remainingNanos()),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Thrown here it would escape run() or, after the first plugin, leave the result pending.
      answer.cancel(false);
      return CompletableFuture.failedFuture(
          new PluginInternalException(name, "cannot bound the call: the timer is shut down", e));
    }
    answer.whenComplete(
        (response, error) -> {
          timeoutTask.cancel(false);
          if (error != null) {
            bounded.completeExceptionally(error);
          } else {
            bounded.complete(response);
          }
        });
    return bounded;
  }

  /** The failure as a {@link PluginException}, unwrapped from the future's wrappers. */
  static PluginException asPluginException(String name, Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof PluginException pe) {
      return pe;
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return new PluginTimeoutException(name, "no answer in time", cause);
    }
    return new PluginInternalException(name, "unexpected failure: " + cause, cause);
  }
}
