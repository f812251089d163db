package io.signpost.server;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.net.InetSocketAddress;

/**
 * What the QUIC/TLS handshake told about a client.
 *
 * @param sni the server name the client dialled: lower-case, without a trailing dot, {@code ""} if
 *     it sent none
 * @param alpn the negotiated application protocol, for example {@code hytale/2}
 * @param clientCertFingerprint SHA-256 of the DER encoding of the client's leaf certificate,
 *     base64url without padding as Hyrouter writes it, or null when the client presented no
 *     certificate. The certificate is not validated: it is an identity hint for plugins, not proof
 *     of anything
 * @param remoteAddress the client's UDP address
 */
public record ClientHello(
    String sni,
    String alpn,
    @Nullable String clientCertFingerprint,
    InetSocketAddress remoteAddress) {

  public ClientHello {
    requireNonNull(sni, "sni");
    requireNonNull(alpn, "alpn");
    requireNonNull(remoteAddress, "remoteAddress");
  }
}
