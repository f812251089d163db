package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;

/**
 * {@code type: game_start_not_past}: keeps a backend whose game has not started yet, read from the
 * metadata key {@code key} (as written, no prefixes) as a Unix timestamp.
 *
 * <p>Missing or empty value, or {@code -1}: kept. Values in {@code 1..9_999_999_999} are seconds,
 * larger ones milliseconds; kept when strictly in the future. A value that is not an integer, or
 * {@code 0} or another negative number, drops the backend (Hyrouter's behaviour).
 *
 * @param key metadata key holding the start time
 */
public record GameStartNotPastFilter(String key) implements Filter {

  private static final long SECONDS_LIMIT = 10_000_000_000L;

  public GameStartNotPastFilter {
    key = requireNonNull(key, "key").strip();
  }

  @Override
  public boolean accepts(Backend backend, ConnectEvent event, long nowMillis) {
    String raw = backend.meta().getOrDefault(key, "").strip();
    if (raw.isEmpty()) {
      return true;
    }
    long n;
    try {
      n = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      return false;
    }
    if (n == -1) {
      return true;
    }
    long millis = n > 0 && n < SECONDS_LIMIT ? n * 1000 : n;
    return millis > nowMillis;
  }

  @Override
  public String type() {
    return "game_start_not_past";
  }

  @Override
  public String toString() {
    return "game_start_not_past(" + key + ")";
  }
}
