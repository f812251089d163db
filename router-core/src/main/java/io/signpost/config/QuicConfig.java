package io.signpost.config;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.time.Duration;

/**
 * The {@code quic} section.
 *
 * @param maxIdleTimeout connections idle this long are closed
 * @param retry whether new clients must prove their address with a retry token (a Signpost key)
 * @param retryTokenSecret the key of those tokens, from {@code quic.retry_token_secret} or {@code
 *     quic.retry_token_secret_file}, at least {@link ConfigDefaults#RETRY_TOKEN_SECRET_MIN_BYTES};
 *     null for a random key per process. Replicas behind one load balancer share it
 */
public record QuicConfig(
    Duration maxIdleTimeout, boolean retry, @Nullable HmacSecret retryTokenSecret) {

  public QuicConfig {
    requireNonNull(maxIdleTimeout, "maxIdleTimeout");
    if (retryTokenSecret != null
        && retryTokenSecret.length() < ConfigDefaults.RETRY_TOKEN_SECRET_MIN_BYTES) {
      throw new IllegalArgumentException(
          "retryTokenSecret: "
              + retryTokenSecret.length()
              + " bytes (expected: at least "
              + ConfigDefaults.RETRY_TOKEN_SECRET_MIN_BYTES
              + ")");
    }
  }
}
