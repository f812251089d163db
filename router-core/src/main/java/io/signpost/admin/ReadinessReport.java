package io.signpost.admin;

import io.signpost.admin.Readiness.PluginStatus;
import io.signpost.admin.Readiness.ProviderStatus;
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
 * <p>A discovery provider blocks until its first list has reached routing: until then its pools
 * answer {@code discovery_error}. One that has lost its watch for longer than its {@code
 * stale_after} is degraded, not blocking: it keeps routing on its last list, and taking every
 * replica out of rotation during an API server outage would turn a stale list into no service.
 *
 * @param listening whether the QUIC listener is accepting
 * @param plugins every plugin's status, in chain order
 * @param discovery every discovery provider's status, in configuration order
 */
public record ReadinessReport(
    boolean listening, List<PluginStatus> plugins, List<ProviderStatus> discovery) {

  public ReadinessReport {
    plugins = List.copyOf(plugins);
    discovery = List.copyOf(discovery);
  }

  /** A report without discovery providers. */
  public ReadinessReport(boolean listening, List<PluginStatus> plugins) {
    this(listening, plugins, List.of());
  }

  /** Takes one snapshot of {@code readiness}. */
  public static ReadinessReport of(Readiness readiness) {
    return new ReadinessReport(readiness.listening(), readiness.plugins(), readiness.discovery());
  }

  /** Whether the router should receive traffic. */
  public boolean ready() {
    return listening
        && plugins.stream().noneMatch(ReadinessReport::blocks)
        && discovery.stream().allMatch(ProviderStatus::synced);
  }

  /**
   * What stops readiness: {@code listener}, {@code plugin:<name>} and {@code discovery:<name>}
   * entries.
   */
  public List<String> notReady() {
    List<String> out = new ArrayList<>();
    if (!listening) {
      out.add("listener");
    }
    plugins.stream().filter(ReadinessReport::blocks).forEach(p -> out.add("plugin:" + p.name()));
    discovery.stream().filter(d -> !d.synced()).forEach(d -> out.add("discovery:" + d.name()));
    return out;
  }

  /**
   * Plugins that are not ready but fail open and stale discovery providers, as {@code
   * plugin:<name>} and {@code discovery:<name>} entries.
   */
  public List<String> degraded() {
    List<String> out = new ArrayList<>();
    plugins.stream()
        .filter(p -> !p.ready() && p.onError() != OnError.DENY)
        .forEach(p -> out.add("plugin:" + p.name()));
    discovery.stream()
        .filter(d -> d.synced() && d.stale())
        .forEach(d -> out.add("discovery:" + d.name()));
    return out;
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
    for (ProviderStatus d : discovery) {
      if (!d.synced() || d.stale()) {
        String fallback = d.synced() ? "stale" : "not synced yet";
        out.add("discovery:" + d.name() + " " + (d.reason() == null ? fallback : d.reason()));
      }
    }
    return out;
  }

  private static boolean blocks(PluginStatus plugin) {
    return !plugin.ready() && plugin.onError() == OnError.DENY;
  }
}
