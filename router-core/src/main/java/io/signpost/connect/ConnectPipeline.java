package io.signpost.connect;

import static java.util.Objects.requireNonNull;

import io.signpost.chain.ChainResult;
import io.signpost.chain.ContinueOn;
import io.signpost.chain.PluginChain;
import io.signpost.decision.DecisionLog;
import io.signpost.decision.DecisionTrace;
import io.signpost.decision.Outcome;
import io.signpost.decision.TracePrivacy;
import io.signpost.message.DisconnectMessages;
import io.signpost.metrics.RouterMetrics;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.Deadline;
import io.signpost.protocol.ClientReferralPacket;
import io.signpost.protocol.ConnectDecodeResult;
import io.signpost.protocol.ConnectDecoder;
import io.signpost.protocol.DisconnectPacket;
import io.signpost.protocol.HostAddress;
import io.signpost.protocol.PacketId;
import io.signpost.protocol.ProtocolException;
import io.signpost.referral.ReferralContentTooLargeException;
import io.signpost.routing.DiscoveryOrigin;
import io.signpost.routing.RoutingEngine;
import io.signpost.routing.RoutingOutcome;
import io.signpost.routing.RoutingResult;
import io.signpost.server.Answer;
import io.signpost.server.ClientHello;
import io.signpost.server.ConnectionHandler;
import io.signpost.server.ListenerShutdownException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client's first frame into its one answer: decode the Connect, route by SNI, run the
 * plugin chain, then encode a ClientReferral (with the referral envelope) or a Disconnect with the
 * localized reason.
 *
 * <p>A first frame that is not a decodable Connect is still routed by SNI alone, as Hyrouter does.
 * When routing finds no route or no backend, the chain still runs, as in Hyrouter, on an empty
 * routing state (no strategy, no candidates, {@code selected_index} -1, an empty backend): a plugin
 * may supply the backend. If none does, or a plugin denies, the answer is what it would have been
 * without plugins: the routing outcome's Disconnect, or the deny. Every decision, whatever its
 * outcome, is recorded once in the decision log and the metrics.
 *
 * <p>A pool whose discovery provider allocates per connection (Agones allocate mode) is routed in
 * two steps: the allocation is started with a deadline of {@code allocationBudget} from the first
 * frame, and the decision is made when it completes; a failed or late allocation is answered with
 * {@code discovery_error} and its reason in {@code ${error}}.
 *
 * <p>Threading: called on the listener's event loop; routing is cheap and runs there, allocations
 * and the plugin chain run asynchronously and the answer is built on the thread that completes
 * them. Nothing here blocks.
 */
public final class ConnectPipeline implements ConnectionHandler {

  private static final Logger log = LoggerFactory.getLogger(ConnectPipeline.class);
  private static final Predicate<Backend> NOTHING_DISCOVERED = b -> false;

  private final RoutingEngine routing;
  private final PluginChain chain;
  private final DisconnectMessages messages;
  private final ReferralSigning signing;
  private final DecisionLog decisions;
  private final RouterMetrics metrics;
  private final TracePrivacy privacy;
  private final Duration allocationBudget;

  /**
   * @param allocationBudget how long a per-connection allocation may take, from the first frame;
   *     less than the listener's answer deadline so that its failure can still be answered
   */
  public ConnectPipeline(
      RoutingEngine routing,
      PluginChain chain,
      DisconnectMessages messages,
      ReferralSigning signing,
      DecisionLog decisions,
      RouterMetrics metrics,
      TracePrivacy privacy,
      Duration allocationBudget) {
    this.routing = requireNonNull(routing, "routing");
    this.chain = requireNonNull(chain, "chain");
    this.messages = requireNonNull(messages, "messages");
    this.signing = requireNonNull(signing, "signing");
    this.decisions = requireNonNull(decisions, "decisions");
    this.metrics = requireNonNull(metrics, "metrics");
    this.privacy = requireNonNull(privacy, "privacy");
    this.allocationBudget = requireNonNull(allocationBudget, "allocationBudget");
  }

  @Override
  public CompletableFuture<Answer> onFirstFrame(ClientHello hello, int packetId, byte[] payload) {
    return onFirstFrame(hello, packetId, payload, Runnable::run);
  }

  /**
   * Decides on the connection's thread: routing, the chain's continuations and the answer (HMAC,
   * framing, decision log, metrics) run on {@code connectionThread} once a plugin or an allocation
   * completed elsewhere.
   */
  @Override
  public CompletableFuture<Answer> onFirstFrame(
      ClientHello hello, int packetId, byte[] payload, Executor connectionThread) {
    long started = System.nanoTime();
    ConnectEvent event = decode(hello, packetId, payload);
    DecisionTrace.Builder trace =
        DecisionTrace.builder(privacy).event(event).client(hello.remoteAddress());
    RoutingResult routed = routing.route(hello.sni(), event);
    if (routed instanceof RoutingResult.Pending pending) {
      trace.route(pending.routeName(), null).discovery(pending.provider(), NOTHING_DISCOVERED);
      return pending
          .start(Deadline.after(allocationBudget))
          .thenComposeAsync(
              decided -> decide(hello, event, decided, trace, started, connectionThread),
              ContinueOn.orInPlace(connectionThread));
    }
    return decide(hello, event, routed, trace, started, connectionThread);
  }

  private CompletableFuture<Answer> decide(
      ClientHello hello,
      ConnectEvent event,
      RoutingResult routed,
      DecisionTrace.Builder trace,
      long started,
      Executor connectionThread) {
    if (routed instanceof RoutingResult.Failed failed) {
      if (chain.links().isEmpty()) {
        return CompletableFuture.completedFuture(
            routingFailed(hello, event, failed, trace, started));
      }
      ConnectRequest empty =
          new ConnectRequest(event, "", List.of(), -1, Backend.of("", 0), new byte[0]);
      return chain
          .run(empty, connectionThread)
          .thenApply(result -> afterFailedRouting(hello, event, failed, result, trace, started));
    }
    if (!(routed instanceof RoutingResult.Routed route)) {
      throw new IllegalStateException("an allocation completed with " + routed);
    }
    trace.route(route.routeName(), route.strategy()).routing(route.candidates(), route.backend());
    DiscoveryOrigin origin = route.discovery();
    if (origin != null) {
      trace.discovery(origin.provider(), origin);
    }
    ConnectRequest request =
        new ConnectRequest(
            event,
            route.strategy(),
            route.candidates(),
            route.selectedIndex(),
            route.backend(),
            new byte[0]);
    return chain
        .run(request, connectionThread)
        .thenApply(result -> answer(hello, event, route.routeName(), result, trace, started));
  }

  /** The chain ran after routing failed: a plugin's backend is used, else the routing outcome. */
  private Answer afterFailedRouting(
      ClientHello hello,
      ConnectEvent event,
      RoutingResult.Failed failed,
      ChainResult result,
      DecisionTrace.Builder trace,
      long started) {
    if (result.denied() || result.backend().isUsable()) {
      return answer(hello, event, "-", result, trace, started);
    }
    trace.steps(result.steps());
    return routingFailed(hello, event, failed, trace, started);
  }

  private Answer routingFailed(
      ClientHello hello,
      ConnectEvent event,
      RoutingResult.Failed failed,
      DecisionTrace.Builder trace,
      long started) {
    String reason =
        messages.render(
            failed.outcome().messageKey(), event.language(), hello.sni(), failed.error());
    trace.outcome(outcomeOf(failed.outcome()), failed.error());
    return finish(trace, started, disconnect(reason), failed.outcome().messageKey());
  }

  @Override
  public Answer onFailure(ClientHello hello, Throwable cause) {
    boolean shutdown = cause instanceof ListenerShutdownException;
    String error = shutdown ? "the router is shutting down" : "internal error";
    log.debug("answering {} after failure", hello.sni(), cause);
    DecisionTrace.Builder trace =
        DecisionTrace.builder(privacy)
            .event(ConnectEvent.ofSni(hello.sni()))
            .client(hello.remoteAddress())
            .outcome(Outcome.ERROR, error + ": " + cause);
    String reason =
        messages.render(
            shutdown ? DisconnectMessages.SHUTTING_DOWN : DisconnectMessages.INTERNAL_ERROR,
            null,
            hello.sni(),
            error);
    return finish(trace, System.nanoTime(), disconnect(reason), "error " + error);
  }

  private ConnectEvent decode(ClientHello hello, int packetId, byte[] payload) {
    ConnectDecodeResult result =
        packetId == PacketId.CONNECT
            ? ConnectDecoder.decode(payload)
            : new ConnectDecodeResult.Undecodable(
                "first packet is " + PacketId.name(packetId) + " (expected: Connect)");
    if (result instanceof ConnectDecodeResult.Undecodable undecodable) {
      log.debug(
          "{}: Connect not decoded ({}); routing by SNI alone", hello.sni(), undecodable.reason());
    }
    return PluginEvent.of(result, hello);
  }

  private Answer answer(
      ClientHello hello,
      ConnectEvent event,
      String routeName,
      ChainResult result,
      DecisionTrace.Builder trace,
      long started) {
    trace.chain(result);
    List<String> changedBy = result.changedBy();
    String plugins = changedBy.isEmpty() ? "" : " plugins=" + changedBy;
    if (result.denied()) {
      String reason =
          result.denyReason() != null
              ? result.denyReason()
              : messages.render(DisconnectMessages.DENIED, event.language(), hello.sni(), "");
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("denied_by", String.valueOf(result.deniedBy()));
      if (!changedBy.isEmpty()) {
        fields.put("plugins", changedBy);
      }
      return finish(
          trace, started, disconnect(reason), "deny by=" + result.deniedBy() + plugins, fields);
    }
    Backend backend = result.backend();
    if (!backend.isUsable()) {
      return routingError(
          hello, event, trace, started, "no usable backend after plugins: " + backend);
    }
    byte[] envelope = envelope(hello, result.referralContent());
    byte[] frame;
    try {
      frame =
          new ClientReferralPacket(new HostAddress(backend.host(), backend.port()), envelope)
              .encodeFrame();
    } catch (ProtocolException e) {
      return routingError(
          hello, event, trace, started, "cannot encode referral: " + e.getMessage());
    }
    return finish(
        trace,
        started,
        frame,
        "referral backend=" + backend.address() + " route=" + routeName + plugins,
        changedBy.isEmpty() ? Map.of() : Map.of("plugins", changedBy));
  }

  private byte[] envelope(ClientHello hello, byte[] content) {
    try {
      return signing.envelope(content);
    } catch (ReferralContentTooLargeException e) {
      // The chain already refuses oversized content; this guards against a configuration change.
      log.warn("{}: referral content dropped: {}", hello.sni(), e.getMessage());
      return signing.emptyEnvelope();
    }
  }

  private Answer routingError(
      ClientHello hello,
      ConnectEvent event,
      DecisionTrace.Builder trace,
      long started,
      String error) {
    trace.outcome(Outcome.ROUTING_ERROR, error);
    String reason =
        messages.render(DisconnectMessages.ROUTING_ERROR, event.language(), hello.sni(), error);
    return finish(trace, started, disconnect(reason), "routing_error " + error);
  }

  private Answer finish(DecisionTrace.Builder trace, long started, byte[] frame, String summary) {
    return finish(trace, started, frame, summary, Map.of());
  }

  private Answer finish(
      DecisionTrace.Builder trace,
      long started,
      byte[] frame,
      String summary,
      Map<String, Object> extraLogFields) {
    DecisionTrace done = trace.duration(Duration.ofNanos(System.nanoTime() - started)).build();
    decisions.add(done);
    metrics.recordDecision(done);
    return new Answer(frame, summary, logFields(done, extraLogFields));
  }

  /**
   * The decision's fields for structured log lines ({@link Answer#logFields()}): {@code outcome},
   * {@code route} and {@code backend} when known, the caller's extra fields ({@code denied_by},
   * {@code plugins}), and for an outcome that is neither a referral nor a deny the {@code error}. A
   * deny's reason stays out, as in the text line: it is the player-facing text.
   */
  static Map<String, Object> logFields(DecisionTrace done, Map<String, Object> extra) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("outcome", done.outcome().tag());
    if (done.route() != null) {
      fields.put("route", done.route());
    }
    if (done.backend() != null) {
      fields.put("backend", done.backend());
    }
    fields.putAll(extra);
    if (done.outcome() != Outcome.REFERRAL
        && done.outcome() != Outcome.DENY
        && done.reason() != null) {
      fields.put("error", done.reason());
    }
    return fields;
  }

  private static byte[] disconnect(String reason) {
    return new DisconnectPacket(reason).encodeFrame();
  }

  private static Outcome outcomeOf(RoutingOutcome outcome) {
    return switch (outcome) {
      case NO_ROUTE -> Outcome.NO_ROUTE;
      case NO_BACKENDS -> Outcome.NO_BACKENDS;
      case ROUTING_ERROR -> Outcome.ROUTING_ERROR;
      case DISCOVERY_ERROR -> Outcome.DISCOVERY_ERROR;
    };
  }
}
