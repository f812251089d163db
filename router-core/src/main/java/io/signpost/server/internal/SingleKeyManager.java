package io.signpost.server.internal;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server key manager with exactly one key at a time: it offers that key whatever key type the TLS
 * stack asks for. Netty's QUIC stack asks by the key types of TLS 1.2 cipher suites ({@code RSA},
 * {@code EC}), which an Ed25519 key matches under no name, so a standard key manager would find no
 * key for it and fail every handshake; BoringSSL itself picks the signature algorithm from the key.
 *
 * <p><b>Rotation.</b> Netty's certificate callback asks the key manager on every handshake: {@code
 * chooseEngineServerAlias}, then {@code getCertificateChain(alias)} and {@code
 * getPrivateKey(alias)}, one after the other on the connection's event loop. {@link #replace} makes
 * a new pair the one offered to handshakes that start afterwards; handshakes done keep theirs. Each
 * pair has an alias of its own ({@code signpost-<n>}) and the previous pair stays resolvable, so a
 * handshake that chose its alias just before a replacement still gets a chain and a key that belong
 * together, never the new chain with the old key.
 */
final class SingleKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS_PREFIX = "signpost-";

  /** A pair under its alias. */
  private record Entry(String alias, PemKeyPair pair, X509Certificate[] chain) {}

  private volatile Entry current;
  private volatile @Nullable Entry previous;
  private long generation;

  SingleKeyManager(PemKeyPair pair) {
    this.current = entry(1, pair);
    this.generation = 1;
  }

  /** Offers {@code pair} to every handshake from now on. Thread-safe. */
  synchronized void replace(PemKeyPair pair) {
    requireNonNull(pair, "pair");
    generation++;
    previous = current;
    current = entry(generation, pair);
  }

  /** The pair offered to new handshakes. */
  PemKeyPair pair() {
    return current.pair();
  }

  private static Entry entry(long generation, PemKeyPair pair) {
    return new Entry(ALIAS_PREFIX + generation, pair, pair.chain().toArray(X509Certificate[]::new));
  }

  private @Nullable Entry lookUp(@Nullable String alias) {
    Entry now = current;
    if (now.alias().equals(alias)) {
      return now;
    }
    Entry before = previous;
    return before != null && before.alias().equals(alias) ? before : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.alias();
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current.alias();
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return new String[] {current.alias()};
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(String alias) {
    Entry entry = lookUp(alias);
    return entry == null ? null : entry.chain().clone();
  }

  @Override
  public @Nullable PrivateKey getPrivateKey(String alias) {
    Entry entry = lookUp(alias);
    return entry == null ? null : entry.pair().key();
  }

  @Override
  public String @Nullable [] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public @Nullable String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
