package io.signpost.decision;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.chain.ChainResult;
import io.signpost.chain.PluginStep;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the router decided for one connection, and why: the unit of the {@link DecisionLog}, the
 * {@code /debug/decisions} endpoint and {@code RouterMetrics.recordDecision}.
 *
 * <p>The record holds values as given, cut to the limits of {@link TraceLimits} so that every
 * trace, however it is made, is bounded in size. Build traces with {@link #builder(TracePrivacy)},
 * which applies the privacy rules to the client address, username and UUID; the identity token is
 * never part of a trace.
 *
 * @param time when the decision started
 * @param sni the server name the client dialled; empty when unknown
 * @param alpn the negotiated ALPN value, or null
 * @param clientAddress the client's {@code host:port}; null unless {@code logging.log_client_ip}
 * @param route the matched route, e.g. {@code routes[0]} or {@code default}; null when none
 * @param strategy the pool's strategy name, or null
 * @param candidates the final candidate backends as {@code host:port}
 * @param backend the referral target as {@code host:port}; null when no referral was sent
 * @param outcome how the decision ended
 * @param reason why a connection was denied or failed; null for a referral
 * @param steps what each plugin did, in chain order
 * @param duration from the start of the decision to its end
 * @param username the username, redacted unless {@code admin.redact_identities} is off
 * @param uuid the player UUID; null unless {@code admin.redact_identities} is off
 * @param discoveryProvider the discovery provider of the matched pool; null for a static pool
 * @param discovered the {@code candidates} that came from discovery, as {@code host:port}
 */
public record DecisionTrace(
    Instant time,
    String sni,
    @Nullable String alpn,
    @Nullable String clientAddress,
    @Nullable String route,
    @Nullable String strategy,
    List<String> candidates,
    @Nullable String backend,
    Outcome outcome,
    @Nullable String reason,
    List<PluginStep> steps,
    Duration duration,
    @Nullable String username,
    @Nullable String uuid,
    @Nullable String discoveryProvider,
    List<String> discovered) {

  public DecisionTrace {
    requireNonNull(time, "time");
    sni = sni == null ? "" : TraceLimits.text(sni);
    alpn = TraceLimits.text(alpn);
    clientAddress = TraceLimits.text(clientAddress);
    route = TraceLimits.text(route);
    strategy = TraceLimits.text(strategy);
    candidates = candidates == null ? List.of() : List.copyOf(TraceLimits.list(candidates));
    backend = TraceLimits.text(backend);
    requireNonNull(outcome, "outcome");
    reason = TraceLimits.message(reason);
    steps = steps == null ? List.of() : List.copyOf(TraceLimits.steps(steps));
    requireNonNull(duration, "duration");
    username = TraceLimits.text(username);
    uuid = TraceLimits.text(uuid);
    discoveryProvider = TraceLimits.text(discoveryProvider);
    discovered = discovered == null ? List.of() : List.copyOf(TraceLimits.list(discovered));
  }

  /** A trace of a pool without discovery. */
  public DecisionTrace(
      Instant time,
      String sni,
      @Nullable String alpn,
      @Nullable String clientAddress,
      @Nullable String route,
      @Nullable String strategy,
      List<String> candidates,
      @Nullable String backend,
      Outcome outcome,
      @Nullable String reason,
      List<PluginStep> steps,
      Duration duration,
      @Nullable String username,
      @Nullable String uuid) {
    this(
        time,
        sni,
        alpn,
        clientAddress,
        route,
        strategy,
        candidates,
        backend,
        outcome,
        reason,
        steps,
        duration,
        username,
        uuid,
        null,
        List.of());
  }

  /** A builder that applies {@code privacy} to client address and identities. */
  public static Builder builder(TracePrivacy privacy) {
    return new Builder(privacy);
  }

  /** Collects a trace while a connection is decided. Not thread-safe; one per connection. */
  public static final class Builder {
    private final TracePrivacy privacy;
    private Instant time = Instant.now();
    private String sni = "";
    private String alpn;
    private String clientAddress;
    private String route;
    private String strategy;
    private List<Backend> candidates = List.of();
    private Backend backend;
    private Outcome outcome = Outcome.ERROR;
    private String reason;
    private List<PluginStep> steps = List.of();
    private Duration duration = Duration.ZERO;
    private String username;
    private String uuid;
    private String discoveryProvider;
    private Predicate<Backend> discovered = b -> false;

    private Builder(TracePrivacy privacy) {
      this.privacy = requireNonNull(privacy, "privacy");
    }

    /** When the decision started; defaults to when the builder was made. */
    public Builder time(Instant time) {
      this.time = requireNonNull(time, "time");
      return this;
    }

    /** Takes SNI, ALPN, username and UUID from the client's event, applying the privacy rules. */
    public Builder event(ConnectEvent event) {
      this.sni = event.sni();
      this.alpn = event.alpn();
      this.username = privacy.username(event.username());
      this.uuid = privacy.uuid(event.uuid());
      return this;
    }

    /** The client's socket address; kept only when the privacy rules allow it. */
    public Builder client(@Nullable InetSocketAddress address) {
      this.clientAddress = privacy.clientAddress(address);
      return this;
    }

    /** The matched route ({@code routes[0]}, {@code default}) and its pool's strategy. */
    public Builder route(@Nullable String route, @Nullable String strategy) {
      this.route = route;
      this.strategy = strategy;
      return this;
    }

    /** The candidates and pre-selected backend as the routing engine left them. */
    public Builder routing(List<Backend> candidates, @Nullable Backend backend) {
      this.candidates = requireNonNull(candidates, "candidates");
      this.backend = backend;
      return this;
    }

    /**
     * The matched pool's discovery provider and which backends came from it; the trace lists the
     * final candidates for which {@code discovered} is true.
     */
    public Builder discovery(String provider, Predicate<Backend> discovered) {
      this.discoveryProvider = requireNonNull(provider, "provider");
      this.discovered = requireNonNull(discovered, "discovered");
      return this;
    }

    /**
     * Takes candidates, backend, steps and outcome from the chain: {@link Outcome#DENY} with the
     * plugin's reason (or {@code denied by plugin <name>} when it gave none) and no backend when
     * denied, else {@link Outcome#REFERRAL} to the final backend.
     */
    public Builder chain(ChainResult result) {
      this.candidates = result.candidates();
      this.steps = result.steps();
      if (result.denied()) {
        this.outcome = Outcome.DENY;
        this.reason =
            result.denyReason() != null
                ? result.denyReason()
                : "denied by plugin " + result.deniedBy();
      } else {
        this.backend = result.backend();
        this.outcome = Outcome.REFERRAL;
        this.reason = null;
      }
      return this;
    }

    /**
     * Sets the outcome; {@code reason} says why for anything but a referral. Only a {@link
     * Outcome#REFERRAL} keeps a backend in the built trace.
     */
    public Builder outcome(Outcome outcome, @Nullable String reason) {
      this.outcome = requireNonNull(outcome, "outcome");
      this.reason = reason;
      return this;
    }

    /** The plugin steps, when the chain result is not at hand. */
    public Builder steps(List<PluginStep> steps) {
      this.steps = List.copyOf(steps);
      return this;
    }

    /** Total decision time. */
    public Builder duration(Duration duration) {
      this.duration = requireNonNull(duration, "duration");
      return this;
    }

    public DecisionTrace build() {
      return new DecisionTrace(
          time,
          sni,
          alpn,
          clientAddress,
          route,
          strategy,
          addresses(candidates),
          outcome == Outcome.REFERRAL ? address(backend) : null,
          outcome,
          reason,
          steps,
          duration,
          username,
          uuid,
          discoveryProvider,
          discoveryProvider == null ? List.of() : discoveredAddresses());
    }

    private List<String> discoveredAddresses() {
      List<String> out = new ArrayList<>();
      int more = 0;
      for (Backend b : candidates) {
        if (discovered.test(b)) {
          if (out.size() < TraceLimits.MAX_LIST_ENTRIES) {
            out.add(b.address());
          } else {
            more++;
          }
        }
      }
      if (more > 0) {
        out.add("+" + more + " more");
      }
      return out;
    }

    /** A view: the trace keeps only the first few addresses, so only those are made. */
    private static List<String> addresses(List<Backend> backends) {
      return new AbstractList<>() {
        @Override
        public String get(int index) {
          return backends.get(index).address();
        }

        @Override
        public int size() {
          return backends.size();
        }
      };
    }

    private static String address(@Nullable Backend backend) {
      return backend == null || backend.host().isEmpty() ? null : backend.address();
    }
  }
}
