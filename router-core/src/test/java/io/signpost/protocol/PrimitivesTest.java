package io.signpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** VarString, HostAddress and UUID golden vectors. */
class PrimitivesTest {

  @Test
  void readsVarStrings() throws Exception {
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("03 616263  02 c3a9  00"));
    assertThat(VarString.read(in, "a", 3)).isEqualTo("abc");
    assertThat(VarString.read(in, "b", 2)).isEqualTo("é");
    assertThat(VarString.read(in, "c", 0)).isEmpty();
    assertThat(in.hasRemaining()).isFalse();
  }

  @Test
  void varStringOverItsMaximumIsRefusedBeforeReading() {
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("05 6162636465"));
    assertThatThrownBy(() -> VarString.read(in, "username", 4))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessage("username length (5) exceeds the allowed maximum (4)");
  }

  @Test
  void varStringLongerThanTheInputIsRefused() {
    // Declares 2^31-1 bytes; only 1 follows: refused without allocating.
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("ffffffff07 61"));
    assertThatThrownBy(() -> VarString.read(in, "token", Integer.MAX_VALUE))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessage("token needs 2147483647 bytes but only 1 remain");
  }

  @Test
  void varStringWithMalformedLengthNamesTheField() {
    assertThatThrownBy(() -> VarString.read(ByteBuffer.wrap(Hex.bytes("80")), "language", 16))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageStartingWith("language length: VarInt is truncated");
  }

  @Test
  void malformedUtf8DecodesToReplacementCharacters() throws Exception {
    assertThat(VarString.read(ByteBuffer.wrap(Hex.bytes("02 ff41")), "s", 2)).isEqualTo("\uFFFDA");
  }

  @Test
  void writesVarStringsAndChecksTheirMaximum() throws Exception {
    byte[] utf8 = VarString.utf8("hé", "s", 3);
    ByteBuffer out = ByteBuffer.allocate(VarString.size(utf8));
    VarString.write(out, utf8);
    assertThat(Hex.of(out.array())).isEqualTo("0368c3a9");
    assertThatThrownBy(() -> VarString.utf8("hé", "s", 2))
        .isInstanceOf(FieldTooLongException.class)
        .hasMessage("s length (3) exceeds the allowed maximum (2)");
  }

  @Test
  void encodesHostAddresses() throws Exception {
    HostAddress address = new HostAddress("play.hyvane.com", 5520);
    String hex = "9015 0f 706c61792e687976616e652e636f6d".replace(" ", "");
    assertThat(Hex.of(address.encode())).isEqualTo(hex);
    assertThat(HostAddress.read(ByteBuffer.wrap(Hex.bytes(hex)))).isEqualTo(address);
    assertThat(Hex.of(new HostAddress("", 65535).encode())).isEqualTo("ffff00");
  }

  @Test
  void hostAddressLimits() {
    String host257 = "a".repeat(257);
    assertThatThrownBy(() -> new HostAddress(host257, 1).encode())
        .isInstanceOf(FieldTooLongException.class)
        .hasMessage("host length (257) exceeds the allowed maximum (256)");
    byte[] wire = new byte[2 + 2 + 257];
    wire[2] = (byte) 0x81;
    wire[3] = 0x02; // VarInt 257
    assertThatThrownBy(() -> HostAddress.read(ByteBuffer.wrap(wire)))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessage("host length (257) exceeds the allowed maximum (256)");
    assertThatThrownBy(() -> HostAddress.read(ByteBuffer.wrap(Hex.bytes("90"))))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessage("port needs 2 bytes but only 1 remain");
    assertThatThrownBy(() -> new HostAddress("h", 65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port: 65536 (expected: 0..65535)");
  }

  @Test
  void printsHostAddressesForLogs() {
    assertThat(new HostAddress("10.0.0.1", 5520)).hasToString("10.0.0.1:5520");
    assertThat(new HostAddress("::1", 5520)).hasToString("[::1]:5520");
  }

  @Test
  void uuidsAreTwoBigEndianHalves() throws Exception {
    String hex = "d3e6ef90e11349a7a8451c11f24fe166";
    UUID uuid = UuidCodec.read(ByteBuffer.wrap(Hex.bytes(hex)));
    assertThat(uuid).hasToString("d3e6ef90-e113-49a7-a845-1c11f24fe166");
    ByteBuffer out = ByteBuffer.allocate(UuidCodec.SIZE);
    UuidCodec.write(out, uuid);
    assertThat(Hex.of(out.array())).isEqualTo(hex);
    assertThatThrownBy(() -> UuidCodec.read(ByteBuffer.wrap(new byte[15])))
        .isInstanceOf(MalformedPacketException.class);
  }
}
