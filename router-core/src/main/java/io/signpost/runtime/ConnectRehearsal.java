package io.signpost.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.chain.PluginChain;
import io.signpost.config.SignpostConfig;
import io.signpost.connect.ConnectPipeline;
import io.signpost.decision.DecisionLog;
import io.signpost.metrics.RouterMetrics;
import io.signpost.plugin.ConnectEvent;
import io.signpost.protocol.ConnectEncoder;
import io.signpost.protocol.ConnectLayout;
import io.signpost.protocol.ConnectPacket;
import io.signpost.protocol.PacketId;
import io.signpost.protocol.ProtocolException;
import io.signpost.routing.HostnamePattern;
import io.signpost.routing.Route;
import io.signpost.routing.RoutingConfig;
import io.signpost.routing.RoutingEngine;
import io.signpost.routing.RoutingResult;
import io.signpost.server.Answer;
import io.signpost.server.ClientHello;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect path run on synthetic Connects before the listener opens, so that the first players
 * do not pay for class loading and first-use set-up (the Connect decoder, routing, the decision
 * trace, the referral envelope's HMAC, the Disconnect messages, framing): {@link #ROUNDS} rounds of
 * one Connect per configured route's first host and one for a name no route has. The INFO line
 * gives the first and the last Connect's time: the first is what the first player would have paid.
 *
 * <p>Nothing of it is visible: the pipeline has no plugins (each plugin warms up on its own, see
 * {@link PluginWarmUp}), its decision log and metrics go to a registry nobody reads, and nothing is
 * written to a client. A route whose provider allocates per connection (Agones allocate mode) is
 * not rehearsed: that would allocate a server. Routing strategies that keep state (round robin)
 * move on by one pick per rehearsed Connect. A failure is logged and never stops the start.
 */
final class ConnectRehearsal {

  private static final Logger log = LoggerFactory.getLogger(ConnectRehearsal.class);
  private static final String UNROUTED = "rehearsal.signpost.invalid";
  static final int MAX_NAMES = 64;
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 9);

  /** What the rehearsal did, for the log and tests. */
  record Outcome(int connects, int skipped, Duration took, Duration first, Duration last) {}

  /** Each name is rehearsed this often, so the last round shows what a player now pays. */
  static final int ROUNDS = 3;

  private ConnectRehearsal() {}

  static Outcome run(SignpostConfig config, ScheduledExecutorService timer) {
    long started = System.nanoTime();
    RoutingEngine routing = new RoutingEngine(config.routing());
    List<String> serverNames = serverNames(config.routing());
    int connects = 0;
    int skipped = 0;
    Duration first = Duration.ZERO;
    Duration last = Duration.ZERO;
    try {
      ConnectPipeline pipeline =
          SignpostRuntime.pipeline(
              config,
              routing,
              new PluginChain(List.of(), timer, SignpostRuntime.signing(config).maxContentLength()),
              new DecisionLog(1),
              new RouterMetrics(new SimpleMeterRegistry()));
      byte[] payload = payload();
      for (int round = 0; round < ROUNDS; round++) {
        for (String sni : serverNames) {
          ConnectEvent probe =
              new ConnectEvent(sni, null, null, 0, null, "rehearsal", "en-US", false, "hytale/2");
          if (routing.route(sni, probe) instanceof RoutingResult.Pending) {
            skipped += round == 0 ? 1 : 0;
            continue;
          }
          long one = System.nanoTime();
          Answer answer =
              pipeline
                  .onFirstFrame(
                      new ClientHello(sni, "hytale/2", null, CLIENT), PacketId.CONNECT, payload)
                  .get(5, TimeUnit.SECONDS);
          if (answer == null) {
            throw new IllegalStateException("no answer for " + sni);
          }
          last = Duration.ofNanos(System.nanoTime() - one);
          if (connects == 0) {
            first = last;
          }
          connects++;
        }
      }
    } catch (Exception e) {
      log.warn("connect rehearsal stopped after {} connect(s): {}", connects, e.toString());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    log.info(
        "connect path rehearsed: {} connect(s) in {} ms, the first {} µs, the last {} µs{}",
        connects,
        took.toMillis(),
        first.toNanos() / 1000,
        last.toNanos() / 1000,
        skipped == 0 ? "" : " (" + skipped + " allocating route(s) skipped)");
    return new Outcome(connects, skipped, took, first, last);
  }

  /**
   * The names to rehearse: one per route (its first host name, a wildcard's label filled in), the
   * default pool's (a name no route has), at most {@link #MAX_NAMES} in all.
   */
  static List<String> serverNames(RoutingConfig routing) {
    Set<String> names = new LinkedHashSet<>();
    for (Route route : routing.routes()) {
      if (names.size() == MAX_NAMES - 1) {
        break;
      }
      route.hostnames().stream()
          .filter(pattern -> !pattern.isMalformed())
          .findFirst()
          .ifPresent(
              pattern ->
                  names.add(
                      HostnamePattern.canonicalHost(pattern.source().replace("*", "rehearsal"))));
    }
    names.add(UNROUTED);
    return List.copyOf(names);
  }

  private static byte[] payload() throws ProtocolException {
    return ConnectEncoder.encode(
        new ConnectPacket(
            ConnectLayout.A,
            "0".repeat(64),
            0,
            "00000000-0000-4000-8000-000000000000",
            "rehearsal",
            "en-US",
            false,
            null,
            null),
        null);
  }
}
