package io.signpost.server.internal;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager with exactly one key: it offers that key whatever key type the TLS stack
 * asks for. Netty's QUIC stack asks by the key types of TLS 1.2 cipher suites ({@code RSA}, {@code
 * EC}), which an Ed25519 key matches under no name, so a standard key manager would find no key for
 * it and fail every handshake; BoringSSL itself picks the signature algorithm from the key.
 */
final class SingleKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS = "signpost";

  private final PrivateKey key;
  private final X509Certificate[] chain;

  SingleKeyManager(PemKeyPair pair) {
    this.key = pair.key();
    this.chain = pair.chain().toArray(X509Certificate[]::new);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return ALIAS;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return ALIAS;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[] {ALIAS};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
