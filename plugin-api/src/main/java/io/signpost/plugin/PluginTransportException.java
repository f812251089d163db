package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/** The plugin could not be reached or the connection to it failed. */
public class PluginTransportException extends PluginException {
  private static final long serialVersionUID = 1L;

  public PluginTransportException(String pluginName, String message) {
    this(pluginName, message, null);
  }

  public PluginTransportException(String pluginName, String message, @Nullable Throwable cause) {
    super(pluginName, message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.TRANSPORT;
  }
}
