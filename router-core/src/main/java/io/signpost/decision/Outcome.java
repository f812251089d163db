package io.signpost.decision;

import java.util.Locale;

/** How a connection's decision ended. The lower-case {@link #tag()} is used in JSON and metrics. */
public enum Outcome {
  /** A {@code ClientReferral} was sent. */
  REFERRAL,
  /** A plugin denied the connection, by its answer or by an {@code on_error: deny} failure. */
  DENY,
  /** No route matched the SNI and there is no default route. */
  NO_ROUTE,
  /** A route matched but its pool had no usable backend. */
  NO_BACKENDS,
  /** The routing engine failed (strategy, filter or sort error). */
  ROUTING_ERROR,
  /** Backend discovery for the matched pool failed. */
  DISCOVERY_ERROR,
  /** Anything else: a decode failure, an internal error. */
  ERROR;

  /** Lower-case name: {@code referral}, {@code no_route}, ... */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
