package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import io.signpost.server.ListenerSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ALPN protocols the listener offers. BoringSSL walks the server's list in order and takes the
 * first value the client also offered, so order is preference.
 *
 * <p>{@value ListenerSettings#HYTALE_WILDCARD} is Hyrouter's rule, {@link #highestHytale}: of the
 * {@code hytale/...} protocols the client offers, the highest numeric version, for any number. The
 * listener applies it per connection from the offer read out of the ClientHello ({@link
 * ClientHelloAlpn}); where the offer cannot be read, the fixed list of {@link #expand} stands in,
 * {@code hytale/N ... hytale/1} with N = {@value ListenerSettings#HYTALE_WILDCARD_MAX_VERSION}.
 */
public final class AlpnList {
  private AlpnList() {}

  /**
   * The protocol {@value ListenerSettings#HYTALE_WILDCARD} selects from a client's offer, as
   * Hyrouter's {@code selectHytaleALPN} orders them: every offered {@code hytale/...} value, those
   * with a number (Go's {@code strconv.Atoi}: optional sign, decimal digits, 64 bits) first, by
   * number and then by name, descending. Null when the client offers no {@code hytale/...} value.
   */
  public static @Nullable String highestHytale(List<String> offered) {
    String best = null;
    Long bestVersion = null;
    for (String raw : offered) {
      String p = raw.trim();
      if (!p.startsWith(HYTALE_PREFIX)) {
        continue;
      }
      Long version = version(p.substring(HYTALE_PREFIX.length()));
      if (best == null || better(p, version, best, bestVersion)) {
        best = p;
        bestVersion = version;
      }
    }
    return best;
  }

  private static final String HYTALE_PREFIX = "hytale/";

  private static boolean better(String p, @Nullable Long v, String best, @Nullable Long bestV) {
    if (v != null && bestV != null) {
      return v > bestV || (v.equals(bestV) && p.compareTo(best) > 0);
    }
    if ((v != null) != (bestV != null)) {
      return v != null;
    }
    return p.compareTo(best) > 0;
  }

  private static @Nullable Long version(String digits) {
    if (digits.isEmpty() || digits.equals("+") || digits.equals("-")) {
      return null;
    }
    for (int i = digits.charAt(0) == '+' || digits.charAt(0) == '-' ? 1 : 0;
        i < digits.length();
        i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return null;
      }
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException overflow) {
      return null;
    }
  }

  /** Whether the configured list contains {@value ListenerSettings#HYTALE_WILDCARD}. */
  public static boolean hasWildcard(List<String> configured) {
    return configured.stream().anyMatch(e -> e.trim().equals(ListenerSettings.HYTALE_WILDCARD));
  }

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
