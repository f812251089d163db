package io.signpost.server.internal;

import io.signpost.server.ListenerSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the configured ALPN entries into the ordered list the native TLS stack offers. BoringSSL
 * walks the server's list in order and takes the first value the client also offered, so order is
 * preference, and {@value ListenerSettings#HYTALE_WILDCARD} becomes {@code hytale/N ... hytale/1}
 * with N = {@value ListenerSettings#HYTALE_WILDCARD_MAX_VERSION}, which selects the highest version
 * the client offers.
 */
public final class AlpnList {
  private AlpnList() {}

  /** The expanded list, without duplicates, in preference order. */
  public static List<String> expand(List<String> configured) {
    Set<String> out = new LinkedHashSet<>();
    for (String entry : configured) {
      String value = entry.trim();
      if (value.equals(ListenerSettings.HYTALE_WILDCARD)) {
        for (int n = ListenerSettings.HYTALE_WILDCARD_MAX_VERSION; n >= 1; n--) {
          out.add("hytale/" + n);
        }
      } else if (!value.isEmpty()) {
        out.add(value);
      }
    }
    return List.copyOf(out);
  }
}
