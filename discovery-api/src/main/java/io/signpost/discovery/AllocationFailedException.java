package io.signpost.discovery;

import io.signpost.annotation.Nullable;

/**
 * An allocation was refused or came back empty: the API answered with an error, or no game server
 * matched ({@code UnAllocated}), or the answer had no address or port.
 */
public class AllocationFailedException extends DiscoveryException {
  private static final long serialVersionUID = 1L;

  public AllocationFailedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
