package io.signpost.connect;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.ConnectEvent;
import io.signpost.protocol.ConnectDecodeResult;
import io.signpost.protocol.ConnectPacket;
import io.signpost.server.ClientHello;

/**
 * The plugin event for a client: what the handshake told and, when the first frame decoded as a
 * Connect, what the packet carries. The codecs know nothing of the plugin SPI; this is where their
 * output becomes a {@link ConnectEvent}.
 */
final class PluginEvent {

  private PluginEvent() {}

  /**
   * The event for {@code hello} and the decode {@code result}. Of a decoded packet, empty strings
   * (an all-NUL protocol hash, an empty name) are reported as unknown, as Hyrouter omits them;
   * client type and identity token presence are always reported. Of an undecodable one, only the
   * TLS facts are (the router then routes by SNI alone).
   */
  static ConnectEvent of(ConnectDecodeResult result, ClientHello hello) {
    String alpn = hello.alpn();
    if (result instanceof ConnectDecodeResult.Decoded decoded) {
      ConnectPacket packet = decoded.packet();
      return new ConnectEvent(
          hello.sni(),
          hello.clientCertFingerprint(),
          emptyToNull(packet.protocolHash()),
          packet.clientType(),
          emptyToNull(packet.uuid()),
          emptyToNull(packet.username()),
          emptyToNull(packet.language()),
          packet.identityTokenPresent(),
          alpn);
    }
    return new ConnectEvent(
        hello.sni(), hello.clientCertFingerprint(), null, null, null, null, null, null, alpn);
  }

  private static @Nullable String emptyToNull(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
