package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/** The plugin call did not complete before its deadline. */
public class PluginTimeoutException extends PluginException {
  private static final long serialVersionUID = 1L;

  public PluginTimeoutException(String pluginName, String message) {
    this(pluginName, message, null);
  }

  public PluginTimeoutException(String pluginName, String message, @Nullable Throwable cause) {
    super(pluginName, message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.TIMEOUT;
  }
}
