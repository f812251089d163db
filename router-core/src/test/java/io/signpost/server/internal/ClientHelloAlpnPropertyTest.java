package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The ClientHello reader takes any datagram without failing and stays within its bounds. */
class ClientHelloAlpnPropertyTest {

  private final ClientHelloAlpn reader = new ClientHelloAlpn();

  @Property(tries = 2000)
  void anyDatagramIsReadWithoutFailing(@ForAll @Size(max = 1500) byte[] body, @ForAll byte cid) {
    // A client Initial header of QUIC v1, then anything.
    ByteBuffer datagram = ByteBuffer.allocate(body.length + 8);
    datagram.put((byte) 0xC3).putInt(1).put((byte) 1).put(cid).put((byte) 0).put(body).flip();
    assertThat(reader.accept(datagram)).isNull();
    assertThat(reader.accept(ByteBuffer.wrap(body))).isNull();
    assertThat(reader.pendingCount()).isLessThanOrEqualTo(ClientHelloAlpn.MAX_PENDING);
  }

  @Property(tries = 500)
  void clientHelloBodiesNeverThrow(@ForAll @Size(max = 600) byte[] body) {
    ClientHelloAlpn.alpn(ByteBuffer.wrap(body));
  }
}
