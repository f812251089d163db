package io.signpost.grpc.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in configuration: an integer and a unit, {@code 250ms}, {@code 5s}, {@code
 * 1m}, {@code 1h}.
 */
public final class DurationText {

  /** What a valid value looks like, for problem messages. */
  public static final String EXPECTED = "a duration such as 250ms, 5s or 1m";

  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private DurationText() {}

  /** Parses {@code text}; empty when it is not of the accepted form. */
  public static Optional<Duration> parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        });
  }
}
