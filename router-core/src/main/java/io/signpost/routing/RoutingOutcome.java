package io.signpost.routing;

/** Why routing produced no backend. Each outcome has its own disconnect message. */
public enum RoutingOutcome {
  /** No route matched the SNI and there is no default pool. */
  NO_ROUTE("no_route"),
  /** A pool matched but has no backends, or its filters and every fallback left none. */
  NO_BACKENDS("no_backends"),
  /** Selection failed unexpectedly (a bug or an impossible configuration). */
  ROUTING_ERROR("routing_error"),
  /** The pool depends on discovery, which could not supply backends. */
  DISCOVERY_ERROR("discovery_error");

  private final String messageKey;

  RoutingOutcome(String messageKey) {
    this.messageKey = messageKey;
  }

  /** The {@code messages.disconnect} key of the message shown to the player. */
  public String messageKey() {
    return messageKey;
  }
}
