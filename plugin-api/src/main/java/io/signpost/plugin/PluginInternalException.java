package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/** An unexpected failure in the plugin host. */
public class PluginInternalException extends PluginException {
  private static final long serialVersionUID = 1L;

  public PluginInternalException(String pluginName, String message) {
    this(pluginName, message, null);
  }

  public PluginInternalException(String pluginName, String message, @Nullable Throwable cause) {
    super(pluginName, message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.INTERNAL;
  }
}
