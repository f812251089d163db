package io.signpost.admin;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.chain.CallHealthTracker;
import io.signpost.chain.PluginChain;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@code /readyz} asks the router. The rule that turns the answers into ready or not is {@link
 * ReadinessReport#ready()}.
 *
 * <p>Both methods are called on the admin listener's event loop for every {@code /readyz} request:
 * they must be cheap, must not block and should not throw (a thrown exception answers 503).
 */
public interface Readiness {

  /** Whether the QUIC listener is bound and accepting connections. */
  boolean listening();

  /** The status of every configured plugin, in chain order; empty when none are configured. */
  List<PluginStatus> plugins();

  /**
   * The status of every configured discovery provider, in configuration order; empty when none are
   * configured.
   */
  default List<ProviderStatus> discovery() {
    return List.of();
  }

  /**
   * One discovery provider's readiness.
   *
   * @param name the provider's configured name
   * @param type its type, for example {@code kubernetes}
   * @param synced whether its first list has reached routing (an allocating provider: once
   *     started); until then its pools answer {@code discovery_error}
   * @param stale whether it has gone without a working watch for longer than its {@code
   *     stale_after}; it still routes on its last list
   * @param reason why it is not synced or stale, e.g. {@code not synced yet (last error: ...)};
   *     null when neither
   */
  record ProviderStatus(
      String name, String type, boolean synced, boolean stale, @Nullable String reason) {
    public ProviderStatus {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      if (synced && !stale) {
        reason = null;
      }
    }
  }

  /**
   * One plugin's readiness.
   *
   * @param name the plugin's configured name
   * @param ready false when the plugin says it cannot serve ({@link
   *     io.signpost.plugin.Plugin#health()}: module not loaded, circuit breaker open, instances
   *     stuck), when the chain has seen it fail every call for a while ({@link CallHealthTracker}),
   *     or when it has not answered since startup
   * @param onError the plugin's failure policy, which decides whether its outage blocks readiness
   * @param reason why it is not ready, e.g. {@code not ready: circuit breaker open after 5
   *     consecutive failures; next probe in 3000 ms} or {@code failing: 37 calls failed in the last
   *     12 s (last: timeout: ...)}; null when ready or when nothing gave a reason
   */
  record PluginStatus(String name, boolean ready, OnError onError, @Nullable String reason) {
    public PluginStatus {
      requireNonNull(name, "name");
      requireNonNull(onError, "onError");
      if (ready) {
        reason = null;
      }
    }

    /** A status without a reason. */
    public PluginStatus(String name, boolean ready, OnError onError) {
      this(name, ready, onError, null);
    }
  }

  /**
   * Readiness from a listening flag and the current plugin chain, asked afresh on every call so a
   * reloaded chain is seen. A plugin is ready when its {@link io.signpost.plugin.Plugin#health()}
   * says so and its {@link CallHealthTracker} gives no reason against it.
   *
   * @param listening whether the QUIC listener accepts connections
   * @param chain the chain in service; may supply null before the first chain is built, which
   *     counts as no plugins
   */
  static Readiness of(BooleanSupplier listening, Supplier<PluginChain> chain) {
    return of(listening, chain, List::of);
  }

  /**
   * Readiness from a listening flag, the current plugin chain and the discovery providers' states,
   * all asked afresh on every call.
   *
   * @param discovery the providers' states; must be cheap and must not block
   */
  static Readiness of(
      BooleanSupplier listening,
      Supplier<PluginChain> chain,
      Supplier<List<ProviderStatus>> discovery) {
    requireNonNull(listening, "listening");
    requireNonNull(chain, "chain");
    requireNonNull(discovery, "discovery");
    return new Readiness() {
      @Override
      public List<ProviderStatus> discovery() {
        return discovery.get();
      }

      @Override
      public boolean listening() {
        return listening.getAsBoolean();
      }

      @Override
      public List<PluginStatus> plugins() {
        PluginChain current = chain.get();
        if (current == null) {
          return List.of();
        }
        List<PluginStatus> out = new ArrayList<>(current.links().size());
        for (PluginChain.Link link : current.links()) {
          String name = link.config().name();
          out.add(status(link, current.callHealth(name)));
        }
        return out;
      }
    };
  }

  private static PluginStatus status(PluginChain.Link link, CallHealthTracker calls) {
    PluginHealth health = link.plugin().health();
    String seen = calls.notReadyReason();
    String own = health.ready() || health.reason() == null ? null : "not ready: " + health.reason();
    String reason = own == null ? seen : seen == null ? own : own + "; " + seen;
    return new PluginStatus(
        link.config().name(), health.ready() && seen == null, link.config().onError(), reason);
  }
}
