package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/**
 * The plugin's answer is not a valid response: bad JSON, out-of-bounds memory, over the size bound.
 */
public class PluginResponseException extends PluginException {
  private static final long serialVersionUID = 1L;

  public PluginResponseException(String pluginName, String message) {
    this(pluginName, message, null);
  }

  public PluginResponseException(String pluginName, String message, @Nullable Throwable cause) {
    super(pluginName, message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.INVALID_RESPONSE;
  }
}
