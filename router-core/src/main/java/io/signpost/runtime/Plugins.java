package io.signpost.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.signpost.chain.PluginChain;
import io.signpost.config.SignpostConfig;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginLoadException;
import io.signpost.plugin.PluginSpec;
import io.signpost.text.GoDuration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the configured plugins from the options their factories read at validation (the second
 * phase of {@link io.signpost.plugin.PluginFactory}) and assembles the chain. On a reload, a plugin
 * whose entry, options and files are unchanged is taken over from the running chain as it is (its
 * instances, pools and breaker); only new and changed ones are created.
 */
final class Plugins {

  private static final Logger log = LoggerFactory.getLogger(Plugins.class);

  private Plugins() {}

  /**
   * A chain and what building it did.
   *
   * @param plugins every plugin of the chain by name, for the next reload
   * @param created the plugins made for this chain, by name: new or changed entries
   * @param kept the plugins taken over from the running chain, by name
   */
  record Built(
      PluginChain chain, Map<String, LivePlugin> plugins, List<String> created, List<String> kept) {

    /** The plugin instances taken over, which the replaced chain must not close. */
    Set<Plugin> keptInstances() {
      Set<Plugin> out = Collections.newSetFromMap(new IdentityHashMap<>());
      for (String name : kept) {
        out.add(plugins.get(name).plugin());
      }
      return out;
    }

    /** Closes the plugins made for this chain (not those taken over): a reload that failed. */
    void closeCreated() {
      for (String name : created) {
        try {
          plugins.get(name).plugin().close();
        } catch (RuntimeException e) {
          log.warn("plugin {}: close failed: {}", name, e.toString());
        }
      }
    }
  }

  /** The chain of a router that has none yet. */
  static PluginChain build(
      SignpostConfig config,
      MeterRegistry registry,
      ScheduledExecutorService timer,
      int maxReferralContent) {
    return build(config, Map.of(), registry, timer, maxReferralContent).chain();
  }

  /**
   * @param running the plugins in service by name; empty at start
   * @throws PluginLoadException when a plugin cannot be created; plugins created before it are
   *     closed first, those taken over are left alone
   */
  static Built build(
      SignpostConfig config,
      Map<String, LivePlugin> running,
      MeterRegistry registry,
      ScheduledExecutorService timer,
      int maxReferralContent) {
    List<PluginChain.Link> links = new ArrayList<>();
    Map<String, LivePlugin> plugins = new LinkedHashMap<>();
    List<String> created = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    PluginContext context = new PluginContext(registry, timer);
    try {
      for (PluginSpec<?> spec : config.plugins()) {
        PluginConfig plugin = spec.config();
        String fingerprint = spec.fingerprint();
        LivePlugin live = running.get(plugin.name());
        if (live != null && live.servesAs(spec, fingerprint)) {
          links.add(new PluginChain.Link(plugin, live.plugin()));
          plugins.put(plugin.name(), live);
          kept.add(plugin.name());
          continue;
        }
        long started = System.nanoTime();
        Plugin made = spec.create(context);
        links.add(new PluginChain.Link(plugin, made));
        plugins.put(plugin.name(), new LivePlugin(spec, fingerprint, made));
        created.add(plugin.name());
        log.info(
            "plugin {} loaded: type={} stage={} timeout={} on_error={}{} ({} ms)",
            plugin.name(),
            plugin.type(),
            plugin.stage().configName(),
            GoDuration.format(plugin.timeout()),
            plugin.onError().configName(),
            plugin.shadow() ? " shadow (its answers are compared, never applied)" : "",
            (System.nanoTime() - started) / 1_000_000);
      }
      return new Built(
          new PluginChain(links, context, maxReferralContent),
          Map.copyOf(plugins),
          List.copyOf(created),
          List.copyOf(kept));
    } catch (RuntimeException e) {
      for (String name : created) {
        try {
          plugins.get(name).plugin().close();
        } catch (RuntimeException closeFailure) {
          e.addSuppressed(closeFailure);
        }
      }
      throw e;
    }
  }
}
