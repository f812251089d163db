package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerSettingsTest {

  private static final InetSocketAddress ANY = new InetSocketAddress(5520);

  @Test
  void aSettingLeftUnsetIsNamed() {
    assertThatThrownBy(() -> ListenerSettings.builder(ANY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("alpn: not set");
  }

  @Test
  void theRoutersDefaultsComeFromTheConfiguration() {
    ListenerSettings s = ListenerDefaults.settings(ANY);
    assertThat(s.alpn()).containsExactly("hytale/*");
    assertThat(s.maxIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.retry()).isTrue();
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.maxFrameBytes()).isEqualTo(65_536);
    assertThat(s.maxConnections()).isEqualTo(10_000);
    assertThat(s.maxNewConnectionsPerSource()).isEqualTo(50);
    assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.logClientIp()).isFalse();
    assertThat(s.certFile()).isNull();
    assertThat(s.toBuilder().build()).isEqualTo(s);
  }

  @Test
  void certAndKeyComeTogether() {
    assertThatThrownBy(() -> ListenerDefaults.builder(ANY).tls(Path.of("c.pem"), null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: both or neither");
  }

  @Test
  void boundsArePositive() {
    assertThatThrownBy(() -> ListenerDefaults.builder(ANY).connectTimeout(Duration.ZERO).build())
        .hasMessage("connectTimeout: 0s (expected: > 0)");
    assertThatThrownBy(() -> ListenerDefaults.builder(ANY).maxFrameBytes(0).build())
        .hasMessage("maxFrameBytes: 0 (expected: > 0)");
    assertThatThrownBy(() -> ListenerDefaults.builder(ANY).alpn(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
