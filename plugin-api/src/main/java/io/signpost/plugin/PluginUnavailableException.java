package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/**
 * The call was not attempted: the plugin's circuit breaker is open or it has no usable instance.
 */
public class PluginUnavailableException extends PluginException {
  private static final long serialVersionUID = 1L;

  public PluginUnavailableException(String pluginName, String message) {
    this(pluginName, message, null);
  }

  public PluginUnavailableException(String pluginName, String message, @Nullable Throwable cause) {
    super(pluginName, message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.BREAKER_OPEN;
  }
}
