package io.signpost.discovery;

/** An allocation did not complete by the connection's deadline. */
public class AllocationTimeoutException extends DiscoveryException {
  private static final long serialVersionUID = 1L;

  public AllocationTimeoutException(String message) {
    super(message, null);
  }
}
