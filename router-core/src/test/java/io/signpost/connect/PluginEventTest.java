package io.signpost.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.ConnectEvent;
import io.signpost.protocol.ConnectDecodeResult;
import io.signpost.protocol.ConnectLayout;
import io.signpost.protocol.ConnectPacket;
import io.signpost.server.ClientHello;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PluginEventTest {

  private static final String HASH = "0123456789abcdef".repeat(4);
  private static final String UUID = "d3e6ef90-e113-49a7-a845-1c11f24fe166";
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

  @Test
  void aDecodedConnectGivesEveryField() {
    ConnectPacket packet =
        new ConnectPacket(ConnectLayout.A, HASH, 0, UUID, "Krymo", "de-DE", true, null, null);
    ConnectEvent event =
        PluginEvent.of(
            new ConnectDecodeResult.Decoded(packet),
            new ClientHello("play.example.com", "hytale/2", "ab12", CLIENT));
    assertThat(event)
        .isEqualTo(
            new ConnectEvent(
                "play.example.com", "ab12", HASH, 0, UUID, "Krymo", "de-DE", true, "hytale/2"));
  }

  @Test
  void anUndecodablePacketCarriesTheTlsFactsOnly() {
    ConnectEvent event =
        PluginEvent.of(
            new ConnectDecodeResult.Undecodable("too short"),
            new ClientHello("play.example.com", "hytale/1", null, CLIENT));
    assertThat(event)
        .isEqualTo(
            new ConnectEvent(
                "play.example.com", null, null, null, null, null, null, null, "hytale/1"));
  }

  @Test
  void emptyStringsAreUnknownInTheEvent() {
    ConnectPacket packet =
        new ConnectPacket(ConnectLayout.B, "", 0, UUID, "", "", false, null, null);
    ConnectEvent event =
        PluginEvent.of(
            new ConnectDecodeResult.Decoded(packet), new ClientHello("sni", "", null, CLIENT));
    assertThat(event.protocolHash()).isNull();
    assertThat(event.username()).isNull();
    assertThat(event.language()).isNull();
    assertThat(event.clientType()).isZero();
    assertThat(event.identityTokenPresent()).isFalse();
  }
}
