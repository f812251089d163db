package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/**
 * A plugin with {@code on_error: deny} did not complete its {@link Plugin#warmUp} within {@code
 * limits.plugin_startup_timeout}, so the router does not start: it would refuse every connection.
 * The message names the plugin, the budget and what the plugin waited for.
 */
public class PluginWarmUpException extends PluginLoadException {
  private static final long serialVersionUID = 1L;

  public PluginWarmUpException(String pluginName, String message, @Nullable Throwable cause) {
    super(pluginName, message, cause);
  }
}
