package io.signpost.admin;

import io.signpost.admin.Readiness.PluginStatus;
import io.signpost.plugin.OnError;
import java.util.ArrayList;
import java.util.List;

/**
 * The readiness rule, applied to one snapshot of {@link Readiness}.
 *
 * <p>The router is ready when its QUIC listener is accepting and no plugin <em>blocks</em>. A
 * plugin blocks when it is not ready (it says it cannot serve: module not loaded, breaker open,
 * instances stuck; or the chain has seen it fail every call for a while; or it has not answered
 * since startup) and its {@code on_error} is {@code deny}: every connection would then be refused,
 * so the instance should leave the load balancer's rotation. A plugin that is not ready under
 * {@code on_error: continue} does not stop admissions; it is reported as <em>degraded</em> and the
 * router stays ready.
 *
 * @param listening whether the QUIC listener is accepting
 * @param plugins every plugin's status, in chain order
 */
public record ReadinessReport(boolean listening, List<PluginStatus> plugins) {

  public ReadinessReport {
    plugins = List.copyOf(plugins);
  }

  /** Takes one snapshot of {@code readiness}. */
  public static ReadinessReport of(Readiness readiness) {
    return new ReadinessReport(readiness.listening(), readiness.plugins());
  }

  /** Whether the router should receive traffic. */
  public boolean ready() {
    return listening && plugins.stream().noneMatch(ReadinessReport::blocks);
  }

  /** What stops readiness: {@code listener} and {@code plugin:<name>} entries. */
  public List<String> notReady() {
    List<String> out = new ArrayList<>();
    if (!listening) {
      out.add("listener");
    }
    plugins.stream().filter(ReadinessReport::blocks).forEach(p -> out.add("plugin:" + p.name()));
    return out;
  }

  /** Plugins that are not ready but fail open, as {@code plugin:<name>} entries. */
  public List<String> degraded() {
    return plugins.stream()
        .filter(p -> !p.ready() && p.onError() != OnError.DENY)
        .map(p -> "plugin:" + p.name())
        .toList();
  }

  /**
   * One line per thing that is not as it should be, blocking or degraded, with its reason: {@code
   * listener not accepting connections}, {@code plugin:geo failing: 37 calls failed in the last 12
   * s (last: timeout: ...)}, {@code plugin:auth not ready}.
   */
  public List<String> reasons() {
    List<String> out = new ArrayList<>();
    if (!listening) {
      out.add("listener not accepting connections");
    }
    for (PluginStatus p : plugins) {
      if (!p.ready()) {
        out.add("plugin:" + p.name() + " " + (p.reason() == null ? "not ready" : p.reason()));
      }
    }
    return out;
  }

  private static boolean blocks(PluginStatus plugin) {
    return !plugin.ready() && plugin.onError() == OnError.DENY;
  }
}
