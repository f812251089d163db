package io.signpost.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The listener certificate's meters: reloads by result ({@code signpost_tls_reloads_total}) and the
 * served certificate's expiry ({@code signpost_tls_certificate_expiry_seconds}, Unix seconds).
 *
 * <p>Thread-safe: {@link #reloaded} may be called from any thread.
 */
public final class TlsMetrics {

  private final Counter success;
  private final Counter failure;

  /**
   * Registers the meters.
   *
   * @param notAfter the end of validity of the certificate served now, read at each scrape
   */
  public TlsMetrics(MeterRegistry registry, Supplier<Instant> notAfter) {
    requireNonNull(registry, "registry");
    requireNonNull(notAfter, "notAfter");
    success = reloads(registry, "success");
    failure = reloads(registry, "failure");
    Gauge.builder(MeterNames.TLS_CERTIFICATE_EXPIRY, notAfter, n -> n.get().getEpochSecond())
        .description("When the certificate served to new connections expires, in Unix seconds")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }

  private static Counter reloads(MeterRegistry registry, String result) {
    return Counter.builder(MeterNames.TLS_RELOADS)
        .description(
            "Certificate reloads: success when the files' pair is served, failure when refused")
        .tag("result", result)
        .register(registry);
  }

  /** Counts one reload: {@code succeeded} when the files' pair is served, false when refused. */
  public void reloaded(boolean succeeded) {
    (succeeded ? success : failure).increment();
  }
}
