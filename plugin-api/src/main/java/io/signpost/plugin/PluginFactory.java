package io.signpost.plugin;

import io.signpost.configtree.ConfigProblem;
import java.util.List;

/**
 * Creates plugins of one backend {@link #type()}. Implementations are found with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/io.signpost.plugin.PluginFactory}), so the
 * router core never depends on a backend module.
 *
 * <p>Both methods are called on the thread that loads the configuration, at startup or on {@code
 * validate}; they may block (reading and compiling a Wasm file, for instance).
 */
public interface PluginFactory {

  /** The value of a plugin entry's {@code type} this factory handles, for example {@code wasm}. */
  String type();

  /**
   * Checks the backend section ({@link PluginConfig#backend()}) and any type-specific use of the
   * common fields, without starting anything. Problems carry paths below {@code path}, for example
   * {@code plugins[1].wasm.path: file not found (expected: a .wasm file)}.
   *
   * @param config the plugin entry
   * @param path the entry's path, for example {@code plugins[1]}
   * @return every problem found; empty when the entry is valid
   */
  List<ConfigProblem> validate(PluginConfig config, String path);

  /**
   * Builds a ready-to-call plugin. Called only for entries that {@link #validate} accepted.
   *
   * @throws PluginLoadException when the plugin cannot be loaded; the message names the plugin and
   *     the cause (the file, the missing export, the unreachable address)
   */
  Plugin create(PluginConfig config, PluginContext context);
}
