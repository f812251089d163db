package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/**
 * A plugin could not be created at startup: the file is missing or not Wasm, an export or import is
 * wrong, an address does not parse. The message names the plugin and the cause.
 */
public class PluginLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PluginLoadException(String pluginName, String message) {
    this(pluginName, message, null);
  }

  public PluginLoadException(String pluginName, String message, @Nullable Throwable cause) {
    super("plugin " + pluginName + ": " + message, cause);
  }
}
