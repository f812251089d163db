package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/**
 * The call was not attempted: the plugin has no usable instance, its queue is full, it is closed.
 * Kind {@link Kind#UNAVAILABLE}; a subclass for an open circuit breaker reports {@link
 * Kind#BREAKER_OPEN}.
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
    return Kind.UNAVAILABLE;
  }
}
