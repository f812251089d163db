package io.signpost.admin;

import static java.util.Objects.requireNonNull;

import io.signpost.chain.PluginChain;
import io.signpost.plugin.OnError;
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
   * One plugin's readiness.
   *
   * @param name the plugin's configured name
   * @param ready the plugin's {@link io.signpost.plugin.Plugin#isReady()}: false when its module is
   *     not loaded or its circuit breaker is open
   * @param onError the plugin's failure policy, which decides whether its outage blocks readiness
   */
  record PluginStatus(String name, boolean ready, OnError onError) {
    public PluginStatus {
      requireNonNull(name, "name");
      requireNonNull(onError, "onError");
    }
  }

  /**
   * Readiness from a listening flag and the current plugin chain, asked afresh on every call so a
   * reloaded chain is seen.
   *
   * @param listening whether the QUIC listener accepts connections
   * @param chain the chain in service; may supply null before the first chain is built, which
   *     counts as no plugins
   */
  static Readiness of(BooleanSupplier listening, Supplier<PluginChain> chain) {
    requireNonNull(listening, "listening");
    requireNonNull(chain, "chain");
    return new Readiness() {
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
          out.add(
              new PluginStatus(
                  link.config().name(), link.plugin().isReady(), link.config().onError()));
        }
        return out;
      }
    };
  }
}
