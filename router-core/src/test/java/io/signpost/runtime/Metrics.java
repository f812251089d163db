package io.signpost.runtime;

import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading meters in tests. */
public final class Metrics {

  private Metrics() {}

  /**
   * Waits up to 30 s for {@code value} to reach {@code expected}: the server records some events (a
   * failed handshake) after the client has already seen their effect.
   */
  public static void awaitValue(DoubleSupplier value, double expected) throws InterruptedException {
    long end = System.nanoTime() + 30_000_000_000L;
    double last = value.getAsDouble();
    while (last != expected && System.nanoTime() < end) {
      Thread.sleep(20);
      last = value.getAsDouble();
    }
    if (last != expected) {
      throw new AssertionError("meter is " + last + " after 30 s (expected: " + expected + ")");
    }
  }

  /**
   * The value of the Prometheus sample whose name and label set are exactly {@code series}, for
   * example {@code signpost_decisions_total{outcome="referral",route="routes[0]"}}; empty when the
   * scrape has no such line. Labels must be given in the exposition's (alphabetical) order.
   */
  public static Optional<Double> sample(String scrape, String series) {
    Matcher line =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
    return line.find() ? Optional.of(Double.parseDouble(line.group(1))) : Optional.empty();
  }
}
