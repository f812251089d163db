package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import java.util.List;

/**
 * A plugin entry that validated: its common fields, the factory of its type and the options that
 * factory read from its backend section. What the configuration holds for each plugin between
 * validation and startup; {@link #create} is the second phase of {@link PluginFactory}.
 *
 * @param config the entry's common fields
 * @param factory the factory of {@code config.type()}
 * @param options what {@code factory} read from the entry's backend section
 * @param <O> the factory's options type
 */
public record PluginSpec<O>(PluginConfig config, PluginFactory<O> factory, O options) {

  public PluginSpec {
    requireNonNull(config, "config");
    requireNonNull(factory, "factory");
    requireNonNull(options, "options");
    if (!factory.type().equals(config.type())) {
      throw new IllegalArgumentException(
          "factory: type " + factory.type() + " (expected: " + config.type() + ")");
    }
  }

  /**
   * The first phase for one entry of the configuration: {@code factory} reads {@code entry}.
   *
   * @return the spec, or null when the entry has an error (reported on {@code entry} or below)
   * @throws RuntimeException what the factory throws, when it fails instead of reporting
   */
  public static <O> @Nullable PluginSpec<O> read(
      PluginFactory<O> factory, PluginConfig config, ConfigNode entry) {
    long errors = entry.errorCount();
    O options = factory.read(config, entry);
    if (options == null || entry.errorCount() > errors) {
      return null;
    }
    return new PluginSpec<>(config, factory, options);
  }

  /**
   * The first phase for an entry built in code, at {@code path} ({@code plugins[1]}; empty for a
   * lone entry): its backend section is {@link PluginConfig#backend()}, its own configuration
   * {@link PluginConfig#config()}.
   */
  public static <O> @Nullable PluginSpec<O> read(
      PluginFactory<O> factory, PluginConfig config, String path, List<ConfigProblem> problems) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    if (!config.backend().isMissingNode()) {
      entry.set(factory.type(), config.backend());
    }
    if (!config.config().isMissingNode()) {
      entry.set("config", config.config());
    }
    return read(factory, config, ConfigNode.at(entry, path, problems, ConfigNode.Dialect.YAML));
  }

  /** {@link PluginFactory#fingerprint} of this entry's options. */
  public String fingerprint() {
    return factory.fingerprint(config, options);
  }

  /**
   * Whether {@code other} describes the same plugin as this one apart from file contents: the same
   * type, the same entry (every common field, the backend section, the plugin's own config) and
   * equal options.
   */
  public boolean sameEntry(PluginSpec<?> other) {
    return factory.type().equals(other.factory.type())
        && config.equals(other.config)
        && options.equals(other.options);
  }

  /** The plugin's name, from its entry. */
  public String name() {
    return config.name();
  }

  /**
   * Builds the plugin: the second phase of {@link PluginFactory}. Blocks for as long as the factory
   * does.
   *
   * @throws PluginLoadException when the plugin cannot be loaded
   */
  public Plugin create(PluginContext context) {
    return factory.create(config, options, context);
  }
}
