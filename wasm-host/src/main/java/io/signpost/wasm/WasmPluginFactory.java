package io.signpost.wasm;

import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigNode;
import io.signpost.file.FileDigest;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginLoadException;
import io.signpost.wasm.internal.WasmPlugin;
import io.signpost.wasm.internal.WasmSection;
import java.util.List;
import java.util.Set;

/**
 * Creates {@code type: wasm} plugins. Registered through {@code
 * META-INF/services/io.signpost.plugin.PluginFactory}; see docs/plugin-configuration.md for the
 * {@code wasm:} options.
 */
public final class WasmPluginFactory implements PluginFactory<WasmOptions> {

  /** The plugin type this factory handles. */
  public static final String TYPE = "wasm";

  @Override
  public String type() {
    return TYPE;
  }

  /** Reads the {@code wasm:} section: checks every option and that the file is a Wasm module. */
  @Override
  public Set<String> sectionKeys() {
    return WasmSection.KEYS;
  }

  @Override
  public @Nullable WasmOptions read(PluginConfig config, ConfigNode entry) {
    return WasmSection.read(entry.get(TYPE));
  }

  /**
   * Loads the module, compiles it and creates its first instance. Blocks.
   *
   * @throws PluginLoadException naming the plugin and the cause
   */
  @Override
  public Plugin create(PluginConfig config, WasmOptions options, PluginContext context) {
    return WasmPlugin.load(config, options, context);
  }

  /** The module file's SHA-256: a reload keeps a plugin whose module bytes did not change. */
  @Override
  public String fingerprint(PluginConfig config, WasmOptions options) {
    return FileDigest.of(List.of(options.path()), (long) options.maxModuleMb() << 20);
  }
}
