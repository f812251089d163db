package io.signpost.grpc.internal;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.signpost.annotation.Nullable;
import io.signpost.grpc.internal.HealthCheckMethod.ServingStatus;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginInternalException;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.plugin.PluginTransportException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC plugin's warm-up: its channel connects and its server answers one {@code
 * grpc.health.v1.Health/Check}.
 *
 * <p>Any answer counts, since the question is whether the server answers RPCs at all: {@code
 * SERVING} (or {@code UNKNOWN}, {@code SERVICE_UNKNOWN}) and error statuses such as {@code
 * UNIMPLEMENTED}, which is what Hyrouter-style plugin servers, having no health service, answer.
 * {@code NOT_SERVING}, {@code UNAVAILABLE} (not connected, refused, reset) and {@code
 * DEADLINE_EXCEEDED} mean "not yet": the check is repeated after a short back-off (50 ms, doubling
 * to 1 s), and before each retry the channel's own reconnect back-off is reset, so a server that
 * comes up late is reached within about a second. While the channel is {@code IDLE} or {@code
 * CONNECTING} the next step waits for its state to change ({@link
 * ManagedChannel#notifyWhenStateChanged}).
 *
 * <p>Steps run on the scheduler and the channel's threads, one after another; none blocks. At the
 * deadline the future fails with {@link PluginTimeoutException} naming what was waited for and the
 * last problem seen; cancelling the future stops the warm-up and its check in flight.
 */
public final class ChannelWarmUp {

  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);
  static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final String plugin;
  private final String address;
  private final ManagedChannel channel;
  private final ScheduledExecutorService scheduler;
  private final Deadline deadline;
  private final CompletableFuture<Void> result = new CompletableFuture<>();
  private volatile long backoffNanos = FIRST_BACKOFF.toNanos();
  private volatile String lastProblem = "no answer yet";
  private volatile @Nullable ClientCall<String, ServingStatus> inFlight;

  private ChannelWarmUp(
      String plugin,
      String address,
      ManagedChannel channel,
      ScheduledExecutorService scheduler,
      Deadline deadline) {
    this.plugin = plugin;
    this.address = address;
    this.channel = channel;
    this.scheduler = scheduler;
    this.deadline = deadline;
  }

  /**
   * Starts warming up; returns at once.
   *
   * @param plugin the plugin's name, for messages
   * @param address the server's address, for messages
   */
  public static CompletableFuture<Void> start(
      String plugin,
      String address,
      ManagedChannel channel,
      ScheduledExecutorService scheduler,
      Deadline deadline) {
    ChannelWarmUp warmUp = new ChannelWarmUp(plugin, address, channel, scheduler, deadline);
    warmUp.begin();
    return warmUp.result;
  }

  private void begin() {
    ScheduledFuture<?> timeout;
    try {
      timeout =
          scheduler.schedule(
              this::expire, Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      schedulerShutDown();
      return;
    }
    result.whenComplete(
        (ok, failure) -> {
          timeout.cancel(false);
          ClientCall<String, ServingStatus> call = inFlight;
          if (call != null && failure != null) {
            call.cancel("warm-up ended", null);
          }
        });
    attempt();
  }

  private void attempt() {
    if (result.isDone()) {
      return;
    }
    if (deadline.isExpired()) {
      expire();
      return;
    }
    ConnectivityState state = channel.getState(true);
    switch (state) {
      case SHUTDOWN ->
          result.completeExceptionally(
              new PluginTransportException(plugin, "channel to " + address + " shut down"));
      case IDLE, CONNECTING -> {
        lastProblem = "channel to " + address + " " + state;
        // The callback runs on the channel's own context; the next step runs on the scheduler.
        channel.notifyWhenStateChanged(state, () -> run(this::attempt));
      }
      default -> check();
    }
  }

  private void check() {
    long remaining = Math.min(deadline.remainingNanos(), CHECK_TIMEOUT.toNanos());
    ClientCall<String, ServingStatus> call;
    try {
      call =
          channel.newCall(
              HealthCheckMethod.DESCRIPTOR,
              CallOptions.DEFAULT.withDeadlineAfter(Math.max(1, remaining), TimeUnit.NANOSECONDS));
      inFlight = call;
      ClientCalls.asyncUnaryCall(call, "", new Answer());
    } catch (RuntimeException e) {
      result.completeExceptionally(
          new PluginInternalException(plugin, "health check not started: " + e, e));
    }
  }

  private void retryLater(String problem) {
    if (result.isDone()) {
      return;
    }
    lastProblem = problem;
    long delay = backoffNanos;
    backoffNanos = Math.min(delay * 2, MAX_BACKOFF.toNanos());
    if (delay >= deadline.remainingNanos()) {
      return; // the deadline task ends the warm-up
    }
    try {
      scheduler.schedule(this::retry, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      schedulerShutDown();
    }
  }

  private void run(Runnable step) {
    try {
      scheduler.execute(step);
    } catch (RejectedExecutionException e) {
      schedulerShutDown();
    }
  }

  private void retry() {
    if (!result.isDone() && channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    attempt();
  }

  private void schedulerShutDown() {
    result.completeExceptionally(
        new PluginInternalException(plugin, "cannot warm up: the scheduler is shut down"));
  }

  private void expire() {
    result.completeExceptionally(
        new PluginTimeoutException(
            plugin,
            "waited for the channel to "
                + address
                + " to connect and for an answer to "
                + HealthCheckMethod.SERVICE
                + "/"
                + HealthCheckMethod.METHOD
                + "; last: "
                + lastProblem));
  }

  /** The check's outcome; runs on a gRPC transport thread. */
  private final class Answer implements StreamObserver<ServingStatus> {
    private ServingStatus status = ServingStatus.UNKNOWN;

    @Override
    public void onNext(ServingStatus value) {
      status = value;
    }

    @Override
    public void onCompleted() {
      if (status == ServingStatus.NOT_SERVING) {
        retryLater("health check answered NOT_SERVING");
      } else {
        result.complete(null);
      }
    }

    @Override
    public void onError(Throwable t) {
      Status status = Status.fromThrowable(t);
      switch (status.getCode()) {
        case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> retryLater(describe(status));
        default -> result.complete(null); // the server answered, if only to say it has no health
      }
    }
  }

  private static String describe(Status status) {
    StringBuilder text = new StringBuilder().append(status.getCode());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription());
    }
    if (status.getCause() != null && status.getCause().getMessage() != null) {
      text.append(": ").append(status.getCause().getMessage());
    }
    return text.toString();
  }
}
