package io.signpost.runtime;

import static java.util.Objects.requireNonNull;

import io.signpost.config.ConfigException;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LoadedConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.plugin.PluginFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where a router's configuration comes from, read again on every reload. */
public interface ConfigSource {

  /** Reads and validates the configuration. */
  LoadedConfig load() throws ConfigException;

  /** The files to watch for changes; empty when there is nothing to watch. */
  List<Path> files();

  /** For messages: the file, or {@code built-in defaults}. */
  String describe();

  /** No file: the router runs on a configuration built in code and cannot reload. */
  static ConfigSource none() {
    return new ConfigSource() {
      @Override
      public LoadedConfig load() throws ConfigException {
        throw new ConfigException(
            "<config>",
            List.of(
                io.signpost.configtree.ConfigProblem.error(
                    "",
                    "no configuration file to reload: the router runs on a configuration built in"
                        + " code (the built-in defaults); start it with --config FILE")));
      }

      @Override
      public List<Path> files() {
        return List.of();
      }

      @Override
      public String describe() {
        return "built-in defaults";
      }
    };
  }

  /** {@code file}, with the plugin and discovery factories on the class path. */
  static ConfigSource file(Path file) {
    return file(
        file, ConfigLoader.installedFactories(), ConfigLoader.installedDiscoveryFactories());
  }

  /** {@code file}, with the given factories. */
  static ConfigSource file(
      Path file,
      Map<String, ? extends PluginFactory<?>> factories,
      Map<String, DiscoveryProviderFactory> discoveryFactories) {
    requireNonNull(file, "file");
    return new ConfigSource() {
      @Override
      public LoadedConfig load() throws ConfigException {
        return ConfigLoader.load(file, factories, discoveryFactories);
      }

      @Override
      public List<Path> files() {
        return List.of(file);
      }

      @Override
      public String describe() {
        return file.toString();
      }
    };
  }
}
