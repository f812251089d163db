package io.signpost.discovery;

import io.signpost.annotation.Nullable;

/** A provider cannot be built: its client configuration (a kubeconfig, say) is unusable. */
public class ProviderSetupException extends DiscoveryException {
  private static final long serialVersionUID = 1L;

  public ProviderSetupException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
