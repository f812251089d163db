package io.signpost.server;

/**
 * Netty's native QUIC library (quiche + BoringSSL, artifact {@code netty-codec-native-quic} with
 * the classifier of this platform) could not be loaded.
 */
public final class QuicUnavailableException extends ListenerException {
  private static final long serialVersionUID = 1L;

  public QuicUnavailableException(Throwable cause) {
    super(
        "native QUIC library unavailable: "
            + cause
            + " (expected: io.netty:netty-codec-native-quic with classifier linux-x86_64 on the"
            + " class path)",
        cause);
  }
}
