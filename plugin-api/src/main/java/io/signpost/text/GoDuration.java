package io.signpost.text;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations written as Go's {@code time.ParseDuration} accepts them: a sequence of decimal numbers
 * each with a unit, such as {@code 30s}, {@code 250ms}, {@code 1.5h} or {@code 1h30m}. Units:
 * {@code ns}, {@code us} ({@code µs}, {@code μs}), {@code ms}, {@code s}, {@code m}, {@code h}. A
 * leading sign is allowed, and {@code 0} needs no unit. Fractions below a nanosecond are dropped.
 */
public final class GoDuration {

  private GoDuration() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming what is wrong, for example a missing unit
   */
  public static Duration parse(String text) {
    requireNonNull(text, "text");
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text, "empty");
    }
    long total = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      long whole = 0;
      while (i < s.length() && isDigit(s.charAt(i))) {
        try {
          whole = Math.addExact(Math.multiplyExact(whole, 10), s.charAt(i++) - '0');
        } catch (ArithmeticException e) {
          throw invalid(text, "out of range");
        }
      }
      boolean hasWhole = i > start;
      long fraction = 0;
      double scale = 1;
      boolean hasFraction = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fractionStart = i;
        boolean overflow = false;
        while (i < s.length() && isDigit(s.charAt(i))) {
          int digit = s.charAt(i++) - '0';
          if (overflow || fraction > (Long.MAX_VALUE - digit) / 10) {
            overflow = true;
            continue;
          }
          fraction = fraction * 10 + digit;
          scale *= 10;
        }
        hasFraction = i > fractionStart;
      }
      if (!hasWhole && !hasFraction) {
        throw invalid(text, "expected a number at offset " + (start + text.length() - s.length()));
      }
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      long unit = unitNanos(text, s.substring(unitStart, i));
      try {
        long value = Math.multiplyExact(whole, unit);
        if (fraction > 0) {
          // Go's arithmetic: the fraction goes through float64 and is truncated.
          value = Math.addExact(value, (long) ((double) fraction * ((double) unit / scale)));
        }
        total = Math.addExact(total, value);
      } catch (ArithmeticException e) {
        throw invalid(text, "out of range");
      }
    }
    return Duration.ofNanos(negative ? -total : total);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static long unitNanos(String text, String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "" -> throw invalid(text, "missing unit");
      default -> throw invalid(text, "unknown unit \"" + unit + "\"");
    };
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "invalid duration \"" + text + "\": " + why + " (expected: e.g. 30s, 250ms, 1h30m)");
  }

  /** Formats a duration the way Go prints it: {@code 1h30m0s}, {@code 250ms}, {@code 0s}. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long n = Math.abs(nanos);
    if (n < 1_000) {
      return sign + n + "ns";
    }
    if (n < 1_000_000) {
      return sign + decimal(n, 1_000) + "\u00b5s";
    }
    if (n < 1_000_000_000) {
      return sign + decimal(n, 1_000_000) + "ms";
    }
    long h = n / 3_600_000_000_000L;
    long m = n / 60_000_000_000L % 60;
    String sec = decimal(n % 60_000_000_000L, 1_000_000_000L) + "s";
    if (h > 0) {
      return sign + h + "h" + m + "m" + sec;
    }
    return sign + (m > 0 ? m + "m" : "") + sec;
  }

  private static String decimal(long value, long unit) {
    return new BigDecimal(value)
        .divide(BigDecimal.valueOf(unit))
        .stripTrailingZeros()
        .toPlainString();
  }
}
