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
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the configured plugins from the options their factories read at validation (the second
 * phase of {@link io.signpost.plugin.PluginFactory}) and assembles the chain.
 */
final class Plugins {

  private static final Logger log = LoggerFactory.getLogger(Plugins.class);

  private Plugins() {}

  /**
   * @throws PluginLoadException when a plugin cannot be created; plugins created before it are
   *     closed first
   */
  static PluginChain build(
      SignpostConfig config,
      MeterRegistry registry,
      ScheduledExecutorService timer,
      int maxReferralContent) {
    List<PluginChain.Link> links = new ArrayList<>();
    PluginContext context = new PluginContext(registry, timer);
    try {
      for (PluginSpec<?> spec : config.plugins()) {
        PluginConfig plugin = spec.config();
        long started = System.nanoTime();
        Plugin created = spec.create(context);
        links.add(new PluginChain.Link(plugin, created));
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
      return new PluginChain(links, context, maxReferralContent);
    } catch (RuntimeException e) {
      for (PluginChain.Link link : links) {
        try {
          link.plugin().close();
        } catch (RuntimeException closeFailure) {
          e.addSuppressed(closeFailure);
        }
      }
      throw e;
    }
  }
}
