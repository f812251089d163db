package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One entry of {@code routing.routes}: the pool used when the SNI matches any of the patterns.
 *
 * @param hostnames the patterns ({@code match.hostnames}, or the single {@code match.hostname})
 * @param pool the pool
 */
public record Route(List<HostnamePattern> hostnames, Pool pool) {

  public Route {
    hostnames = List.copyOf(hostnames);
    requireNonNull(pool, "pool");
  }

  /** Whether a canonical SNI matches any pattern. */
  public boolean matches(String canonicalSni) {
    for (HostnamePattern p : hostnames) {
      if (p.matches(canonicalSni)) {
        return true;
      }
    }
    return false;
  }
}
