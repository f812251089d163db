package io.signpost.discovery;

/**
 * An allocation was not attempted: the provider's minimum interval between allocations would have
 * started it after the connection's deadline.
 */
public class AllocationThrottledException extends DiscoveryException {
  private static final long serialVersionUID = 1L;

  public AllocationThrottledException(String message) {
    super(message, null);
  }
}
