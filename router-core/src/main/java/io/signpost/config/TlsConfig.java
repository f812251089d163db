package io.signpost.config;

import io.signpost.annotation.Nullable;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code tls} section.
 *
 * @param certFile PEM certificate chain; null (with {@code keyFile}) for a self-signed certificate
 * @param keyFile PEM private key; null (with {@code certFile}) for a self-signed certificate
 * @param alpn accepted ALPN protocols: literal values or {@code hytale/*} for any {@code
 *     hytale/<n>}
 */
public record TlsConfig(@Nullable Path certFile, @Nullable Path keyFile, List<String> alpn) {

  public TlsConfig {
    alpn = List.copyOf(alpn);
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("certFile and keyFile must be set together");
    }
  }

  /** Whether the router generates its own certificate at startup. */
  public boolean selfSigned() {
    return certFile == null;
  }
}
