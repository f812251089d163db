package io.signpost.wasm;

import io.signpost.configtree.ConfigProblem;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginLoadException;
import io.signpost.wasm.internal.WasmPlugin;
import io.signpost.wasm.internal.WasmSection;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates {@code type: wasm} plugins. Registered through {@code
 * META-INF/services/io.signpost.plugin.PluginFactory}; see docs/plugin-configuration.md for the
 * {@code wasm:} options.
 */
public final class WasmPluginFactory implements PluginFactory {

  /** The plugin type this factory handles. */
  public static final String TYPE = "wasm";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<ConfigProblem> validate(PluginConfig config, String path) {
    List<ConfigProblem> problems = new ArrayList<>();
    WasmSection.read(config.backend(), path + "." + TYPE, problems);
    if (config.timeout().isNegative() || config.timeout().isZero()) {
      problems.add(ConfigProblem.error(path + ".timeout", config.timeout() + " (expected: > 0)"));
    }
    return problems;
  }

  /**
   * Loads the module, compiles it and creates its first instance. Blocks.
   *
   * @throws PluginLoadException naming the plugin and the cause
   */
  @Override
  public Plugin create(PluginConfig config, PluginContext context) {
    return WasmPlugin.load(config, options(config), context);
  }

  /**
   * Reads the {@code wasm:} section of an entry.
   *
   * @throws PluginLoadException listing every problem when the section is invalid
   */
  public static WasmOptions options(PluginConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    WasmOptions options = WasmSection.read(config.backend(), TYPE, problems);
    if (options == null) {
      throw new PluginLoadException(
          config.name(),
          String.join("; ", problems.stream().map(ConfigProblem::toString).toList()));
    }
    return options;
  }
}
