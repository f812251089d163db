package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/** The plugin failed while handling the call: a Wasm trap, exit or limit, a gRPC error status. */
public class PluginTrapException extends PluginException {
  private static final long serialVersionUID = 1L;

  public PluginTrapException(String pluginName, String message) {
    this(pluginName, message, null);
  }

  public PluginTrapException(String pluginName, String message, @Nullable Throwable cause) {
    super(pluginName, message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.TRAP;
  }
}
