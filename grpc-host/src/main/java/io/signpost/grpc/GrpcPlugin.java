package io.signpost.grpc;

import static java.util.Objects.requireNonNull;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.signpost.annotation.Nullable;
import io.signpost.grpc.internal.BreakerOpenException;
import io.signpost.grpc.internal.ChannelWarmUp;
import io.signpost.grpc.internal.CircuitBreaker;
import io.signpost.grpc.internal.FailureClassifier;
import io.signpost.grpc.internal.OnConnectMethod;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.EncodedRequest;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginHealth;
import io.signpost.plugin.PluginInternalException;
import io.signpost.plugin.PluginJson;
import io.signpost.plugin.PluginMeters;
import io.signpost.plugin.PluginResponseException;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.plugin.PluginUnavailableException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An out-of-process plugin reached over gRPC: each {@link #onConnect} is one unary call of {@code
 * /hyrouter.Plugin/OnConnect} with the request's JSON, sent as {@code application/grpc+json}.
 *
 * <h2>Threading and deadlines</h2>
 *
 * {@link #onConnect} never blocks: it checks the breaker, encodes the request and starts an
 * asynchronous call on the plugin's single, shared channel, whose gRPC deadline is the call's
 * {@link Deadline}. The future completes on a gRPC transport thread. Cancelling the future cancels
 * the RPC.
 *
 * <h2>Failures</h2>
 *
 * The future fails with {@link PluginTimeoutException} ({@code DEADLINE_EXCEEDED}), {@link
 * io.signpost.plugin.PluginTransportException} ({@code UNAVAILABLE}: refused, reset, TLS), {@link
 * PluginResponseException} (malformed JSON, over {@code max_response_bytes}), {@link
 * io.signpost.plugin.PluginTrapException} (any other gRPC status) or {@link
 * PluginUnavailableException} (breaker open). Every failed call counts towards the circuit breaker;
 * a successful call closes it. An open breaker answers in well under a microsecond without touching
 * the network; the first call after the cool-down is the probe and, if the channel is in back-off
 * after connection failures, resets that back-off so a restarted plugin is reached at once.
 *
 * <h2>Startup and health</h2>
 *
 * {@link #warmUp} completes once the channel is connected and the server has answered one {@code
 * grpc.health.v1.Health/Check}; any answer counts, {@code UNIMPLEMENTED} included, since Hyrouter
 * plugin servers have no health service ({@link ChannelWarmUp} has the details). {@link #health}
 * reports the breaker: not ready, with the number of failures and the time to the next probe, while
 * it is open and cooling down.
 */
public final class GrpcPlugin implements Plugin {

  /** The breaker gauge: 0 closed, 1 open, 2 half-open; tag {@code plugin=<name>}. */
  public static final String BREAKER_GAUGE = "signpost.grpc.breaker.state";

  private final String name;
  private final GrpcOptions options;
  private final ManagedChannel channel;
  private final CircuitBreaker breaker;
  private final ScheduledExecutorService scheduler;
  private final @Nullable MeterRegistry registry;
  private final @Nullable Gauge gauge;

  /**
   * Wraps an open channel; {@link GrpcPluginFactory#create} is the usual way in.
   *
   * @param registry where to register the breaker gauge; {@code null} for none
   * @param scheduler runs the steps and back-off of {@link #warmUp}; tasks are short
   */
  public GrpcPlugin(
      String name,
      GrpcOptions options,
      ManagedChannel channel,
      @Nullable MeterRegistry registry,
      ScheduledExecutorService scheduler) {
    this(name, options, channel, registry, scheduler, System::nanoTime);
  }

  /** As the public constructor, with the breaker's cool-down measured on {@code nanoClock}. */
  GrpcPlugin(
      String name,
      GrpcOptions options,
      ManagedChannel channel,
      @Nullable MeterRegistry registry,
      ScheduledExecutorService scheduler,
      LongSupplier nanoClock) {
    this.name = requireNonNull(name, "name");
    this.options = requireNonNull(options, "options");
    this.channel = requireNonNull(channel, "channel");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.breaker = new CircuitBreaker(options.breaker(), requireNonNull(nanoClock, "nanoClock"));
    this.registry = registry;
    this.gauge =
        registry == null
            ? null
            : PluginMeters.takeOver(
                registry,
                BREAKER_GAUGE,
                Tags.of("plugin", name),
                () ->
                    Gauge.builder(BREAKER_GAUGE, breaker, b -> b.state().code())
                        .description("gRPC plugin circuit breaker: 0 closed, 1 open, 2 half-open")
                        .tag("plugin", name)
                        .strongReference(true)
                        .register(registry));
  }

  @Override
  public String name() {
    return name;
  }

  /** The options the plugin was built with. */
  public GrpcOptions options() {
    return options;
  }

  /** The breaker's current state. */
  public BreakerState breakerState() {
    return breaker.state();
  }

  /**
   * False while the breaker refuses calls (open, cooling down) or the channel is shut down. Once
   * the cool-down has passed the plugin reads ready again even before a call arrives: the next call
   * is the probe, and a router taken out of rotation would otherwise never receive it.
   */
  @Override
  public boolean isReady() {
    return health().ready();
  }

  /**
   * Not ready while the breaker refuses calls ({@code circuit breaker open after 5 consecutive
   * failures; next probe in 3000 ms}) or the channel is shut down; see {@link #isReady}.
   */
  @Override
  public PluginHealth health() {
    if (channel.isShutdown()) {
      return PluginHealth.notReady("channel to " + options.address() + " shut down");
    }
    if (breaker.refusesCalls()) {
      return PluginHealth.notReady(breakerDescription());
    }
    return PluginHealth.READY;
  }

  /**
   * Completes once the channel is connected and the server has answered one health check; fails
   * with {@link PluginTimeoutException} at the deadline, saying what it waited for. Never blocks;
   * the future completes on the scheduler or a gRPC transport thread. Cancelling it stops the
   * warm-up.
   */
  @Override
  public CompletableFuture<Void> warmUp(Deadline deadline) {
    return ChannelWarmUp.start(name, options.address(), channel, scheduler, deadline);
  }

  @Override
  public CompletableFuture<ConnectResponse> onConnect(ConnectRequest request, Deadline deadline) {
    return onConnect(EncodedRequest.of(request), deadline);
  }

  /** Sends the request's JSON, encoded here unless the chain already has. */
  @Override
  public CompletableFuture<ConnectResponse> onConnect(EncodedRequest request, Deadline deadline) {
    long remaining = deadline.remainingNanos();
    if (remaining <= 0) {
      return CompletableFuture.failedFuture(
          new PluginTimeoutException(name, "deadline passed before the call started"));
    }
    CircuitBreaker.Permit permit = breaker.tryAcquire();
    if (permit == CircuitBreaker.Permit.REJECTED) {
      return CompletableFuture.failedFuture(breakerOpen());
    }
    if (permit == CircuitBreaker.Permit.PROBE
        && channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    byte[] body;
    ClientCall<byte[], byte[]> call;
    try {
      body = request.json();
      call =
          channel.newCall(
              OnConnectMethod.DESCRIPTOR,
              CallOptions.DEFAULT.withDeadlineAfter(remaining, TimeUnit.NANOSECONDS));
    } catch (RuntimeException e) {
      breaker.onIgnored();
      return CompletableFuture.failedFuture(
          new PluginInternalException(name, "call not started: " + e, e));
    }
    CompletableFuture<ConnectResponse> result = new CompletableFuture<>();
    result.whenComplete((response, failure) -> settle(call, failure));
    try {
      ClientCalls.asyncUnaryCall(call, body, new Answer(result));
    } catch (RuntimeException e) {
      result.completeExceptionally(new PluginInternalException(name, "call not started: " + e, e));
    }
    return result;
  }

  /**
   * Records a finished call with the breaker: success closes it, a failure of the plugin counts, a
   * cancellation by the router or a failure of the host itself is no verdict on the plugin.
   */
  private void settle(ClientCall<byte[], byte[]> call, @Nullable Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause == null) {
      breaker.onSuccess();
    } else if (cause instanceof CancellationException) {
      breaker.onIgnored();
      call.cancel("cancelled by the router", null);
    } else if (cause instanceof PluginException e && e.kind() != PluginException.Kind.INTERNAL) {
      breaker.onFailure();
    } else {
      breaker.onIgnored();
    }
  }

  private BreakerOpenException breakerOpen() {
    return new BreakerOpenException(name, breakerDescription());
  }

  private String breakerDescription() {
    long wait = breaker.millisUntilProbe();
    return "circuit breaker open after "
        + breaker.consecutiveFailures()
        + " consecutive failures"
        + (wait > 0 ? "; next probe in " + wait + " ms" : "; probe in flight");
  }

  /** Closes the channel, waiting up to one second for in-flight calls, and drops the gauge. */
  @Override
  public void close() {
    if (gauge != null && registry != null) {
      PluginMeters.release(registry, gauge);
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(1, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Completes the call's future from the RPC's outcome; runs on a gRPC transport thread. */
  private final class Answer implements StreamObserver<byte[]> {
    private final CompletableFuture<ConnectResponse> result;
    private byte @Nullable [] body;

    Answer(CompletableFuture<ConnectResponse> result) {
      this.result = result;
    }

    @Override
    public void onNext(byte[] value) {
      body = value;
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(FailureClassifier.classify(name, Status.fromThrowable(t)));
    }

    @Override
    public void onCompleted() {
      try {
        result.complete(PluginJson.decodeResponse(body == null ? new byte[0] : body));
      } catch (PluginJson.InvalidPluginJsonException e) {
        result.completeExceptionally(new PluginResponseException(name, e.getMessage(), e));
      }
    }
  }
}
