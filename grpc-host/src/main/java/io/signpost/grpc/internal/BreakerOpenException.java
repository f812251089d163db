package io.signpost.grpc.internal;

import io.signpost.plugin.PluginUnavailableException;

/**
 * The call was refused because the plugin's circuit breaker is open. Carries no stack trace: it is
 * created on every refused call, where the trace would say nothing and filling it in would cost
 * more than the refusal itself.
 */
public final class BreakerOpenException extends PluginUnavailableException {
  private static final long serialVersionUID = 1L;

  public BreakerOpenException(String pluginName, String message) {
    super(pluginName, message);
  }

  @Override
  public Kind kind() {
    return Kind.BREAKER_OPEN;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
