package io.signpost.grpc;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.text.GoDuration;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code grpc:} section of a plugin entry, with defaults applied. Read and checked by {@link
 * GrpcPluginFactory}; the per-call deadline is the plugin's common {@code timeout}, not part of
 * this section.
 *
 * @param address the plugin server as Hyrouter's gRPC library reads it: {@code host:port} ({@code
 *     [v6]:port} for IPv6 literals), {@code host} (port 443), {@code dns:///host:port} or {@code
 *     unix:///path/to.sock}
 * @param maxResponseBytes the largest response message accepted; a larger one fails the call with
 *     {@link io.signpost.plugin.PluginResponseException}
 * @param tls how to secure the connection; {@code null} for plaintext (Hyrouter's only mode)
 * @param breaker the circuit breaker's settings
 */
public record GrpcOptions(
    String address, int maxResponseBytes, @Nullable Tls tls, Breaker breaker) {

  /** Default for {@code max_response_bytes}: 1 MiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;

  public GrpcOptions {
    requireNonNull(address, "address");
    requireNonNull(breaker, "breaker");
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException(
          "maxResponseBytes: " + maxResponseBytes + " (expected: > 0)");
    }
  }

  /** Plaintext options with every default, for {@code address}. */
  public static GrpcOptions forAddress(String address) {
    return new GrpcOptions(address, DEFAULT_MAX_RESPONSE_BYTES, null, Breaker.DEFAULT);
  }

  /**
   * TLS settings ({@code grpc.tls}).
   *
   * @param caFile PEM file of trusted CA certificates; {@code null} for the JVM's default trust
   * @param certFile PEM client certificate chain for mutual TLS; set together with {@code keyFile}
   * @param keyFile PEM PKCS#8 private key of {@code certFile}
   * @param serverName name to verify in the server's certificate and send as SNI and {@code
   *     :authority}; {@code null} for the host of {@code address}
   */
  public record Tls(
      @Nullable Path caFile,
      @Nullable Path certFile,
      @Nullable Path keyFile,
      @Nullable String serverName) {}

  /**
   * Circuit breaker settings ({@code grpc.breaker}).
   *
   * @param failures consecutive failed calls that open the breaker; 0 disables it
   * @param coolDown how long an open breaker fails calls fast before one probe call is let through
   */
  public record Breaker(int failures, Duration coolDown) {

    /** Five consecutive failures, then five seconds of fast failure. */
    public static final Breaker DEFAULT = new Breaker(5, Duration.ofSeconds(5));

    public Breaker {
      requireNonNull(coolDown, "coolDown");
      if (failures < 0) {
        throw new IllegalArgumentException("failures: " + failures + " (expected: >= 0)");
      }
      if (coolDown.isNegative() || coolDown.isZero()) {
        throw new IllegalArgumentException(
            "coolDown: " + GoDuration.format(coolDown) + " (expected: > 0)");
      }
    }
  }
}
