package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.quic.Quic;
import org.junit.jupiter.api.Test;

/** Fails the build loudly when the native QUIC library is missing for this platform. */
class NativeQuicTest {

  @Test
  void nativeQuicLibraryLoads() {
    assertThat(Quic.isAvailable())
        .as(
            "Netty's native QUIC library did not load (%s); expected"
                + " io.netty:netty-codec-native-quic:linux-x86_64 on the class path",
            Quic.unavailabilityCause())
        .isTrue();
    QuicListener.requireNativeQuic();
  }
}
