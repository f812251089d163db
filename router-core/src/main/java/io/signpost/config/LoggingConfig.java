package io.signpost.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code logging} section.
 *
 * @param logClientIp whether log lines include the client's socket address
 * @param format how {@code signpost run} writes its log lines to stdout
 */
public record LoggingConfig(boolean logClientIp, Format format) {

  public LoggingConfig {
    requireNonNull(format, "format");
  }

  /** The {@code logging.format} values. */
  public enum Format {
    /** One line of text per event: {@code <time> <LEVEL> <logger> - <message>}. */
    TEXT,
    /**
     * One JSON object per line: {@code timestamp}, {@code level}, {@code logger}, {@code thread},
     * {@code message}, {@code stack_trace} when there is one, and the event's own fields as keys (a
     * decision line's {@code sni}, {@code outcome}, {@code backend}...).
     */
    JSON;

    /** {@code text} or {@code json}. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The format named {@code text} (any case); empty when there is none. */
    public static Optional<Format> parse(String text) {
      for (Format format : values()) {
        if (format.tag().equalsIgnoreCase(text.strip())) {
          return Optional.of(format);
        }
      }
      return Optional.empty();
    }
  }
}
