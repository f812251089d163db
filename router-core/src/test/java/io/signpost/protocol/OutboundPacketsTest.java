package io.signpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Disconnect and ClientReferral: what the router sends. */
class OutboundPacketsTest {

  @Test
  void disconnectWithoutReason() throws Exception {
    DisconnectPacket packet = new DisconnectPacket("");
    assertThat(Hex.of(packet.encode())).isEqualTo("0000");
    assertThat(Hex.of(packet.encodeFrame())).isEqualTo("02000000" + "01000000" + "0000");
    assertThat(DisconnectPacket.decode(Hex.bytes("0000"))).isEqualTo(packet);
  }

  @Test
  void disconnectWithReason() throws Exception {
    DisconnectPacket packet = new DisconnectPacket("no route for é");
    String payload = "01 00 0f 6e6f20726f75746520666f7220c3a9".replace(" ", "");
    assertThat(Hex.of(packet.encode())).isEqualTo(payload);
    assertThat(Hex.of(packet.encodeFrame())).isEqualTo("12000000" + "01000000" + payload);
    assertThat(DisconnectPacket.decode(Hex.bytes(payload))).isEqualTo(packet);
  }

  @Test
  void longReasonIsTruncatedAtACharacterBoundary() throws Exception {
    // 4,095,999 ASCII bytes then a 2-byte character: the character would straddle the limit.
    String reason = "a".repeat(DisconnectPacket.MAX_REASON_BYTES - 1) + "é";
    DisconnectPacket packet = new DisconnectPacket(reason);
    assertThat(packet.reason()).hasSize(DisconnectPacket.MAX_REASON_BYTES - 1).doesNotContain("é");

    byte[] payload = packet.encode();
    // 01 00, the 4-byte VarInt 4,095,999, then the bytes.
    assertThat(Hex.of(java.util.Arrays.copyOf(payload, 6))).isEqualTo("0100" + "fffff901");
    assertThat(payload).hasSize(2 + 4 + DisconnectPacket.MAX_REASON_BYTES - 1);
    assertThat(DisconnectPacket.decode(payload)).isEqualTo(packet);
  }

  @Test
  void reasonExactlyAtTheLimitIsKept() {
    String reason = "é".repeat(DisconnectPacket.MAX_REASON_BYTES / 2);
    assertThat(new DisconnectPacket(reason).reason()).isEqualTo(reason);
    assertThat(new DisconnectPacket(reason + "x").reason().getBytes(StandardCharsets.UTF_8).length)
        .isEqualTo(DisconnectPacket.MAX_REASON_BYTES);
  }

  @Test
  void truncationBacksOffOverEveryContinuationByte() {
    byte[] utf8 = "ab\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // a, b, 4-byte emoji
    assertThat(DisconnectPacket.utf8BoundaryAtMost(utf8, 2)).isEqualTo(2);
    assertThat(DisconnectPacket.utf8BoundaryAtMost(utf8, 3)).isEqualTo(2);
    assertThat(DisconnectPacket.utf8BoundaryAtMost(utf8, 5)).isEqualTo(2);
    assertThat(DisconnectPacket.utf8BoundaryAtMost(utf8, 6)).isEqualTo(6);
  }

  @Test
  void disconnectDecoderRefusesMalformedPayloads() {
    assertThatThrownBy(() -> DisconnectPacket.decode(Hex.bytes("01")))
        .isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> DisconnectPacket.decode(Hex.bytes("0100 05 6162")))
        .isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> DisconnectPacket.decode(Hex.bytes("0000 ff")))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessage("Disconnect has 1 trailing bytes after the reason");
  }

  @Test
  void clientReferralWithHostOnly() throws Exception {
    ClientReferralPacket packet =
        new ClientReferralPacket(new HostAddress("play.hyvane.com", 5520), null);
    String payload = "01 00000000 ffffffff 9015 0f 706c61792e687976616e652e636f6d".replace(" ", "");
    assertThat(Hex.of(packet.encode())).isEqualTo(payload);
    assertThat(ClientReferralPacket.decode(Hex.bytes(payload))).isEqualTo(packet);
  }

  @Test
  void clientReferralWithHostAndData() throws Exception {
    ClientReferralPacket packet =
        new ClientReferralPacket(new HostAddress("h", 1), Hex.bytes("010203"));
    String payload = "03 00000000 04000000 0100 01 68 03 010203".replace(" ", "");
    assertThat(Hex.of(packet.encode())).isEqualTo(payload);
    assertThat(Hex.of(packet.encodeFrame())).isEqualTo("11000000" + "12000000" + payload);
    assertThat(ClientReferralPacket.decode(Hex.bytes(payload))).isEqualTo(packet);
  }

  @Test
  void clientReferralWithDataOnly() throws Exception {
    ClientReferralPacket packet = new ClientReferralPacket(null, Hex.bytes("010203"));
    String payload = "02 ffffffff 00000000 03 010203".replace(" ", "");
    assertThat(Hex.of(packet.encode())).isEqualTo(payload);
    assertThat(ClientReferralPacket.decode(Hex.bytes(payload))).isEqualTo(packet);
  }

  @Test
  void clientReferralWithNeither() throws Exception {
    ClientReferralPacket packet = new ClientReferralPacket(null, null);
    assertThat(Hex.of(packet.encode())).isEqualTo("00ffffffffffffffff");
    assertThat(ClientReferralPacket.decode(Hex.bytes("00ffffffffffffffff"))).isEqualTo(packet);
  }

  @Test
  void clientReferralWithEmptyDataSendsItAsPresent() throws Exception {
    ClientReferralPacket packet = new ClientReferralPacket(new HostAddress("h", 1), new byte[0]);
    assertThat(Hex.of(packet.encode()))
        .isEqualTo("03" + "00000000" + "04000000" + "0100 01 68".replace(" ", "") + "00");
  }

  @Test
  void clientReferralLimits() throws Exception {
    assertThatThrownBy(
            () -> new ClientReferralPacket(new HostAddress("a".repeat(257), 1), null).encode())
        .isInstanceOf(FieldTooLongException.class)
        .hasMessage("host length (257) exceeds the allowed maximum (256)");
    assertThatThrownBy(() -> new ClientReferralPacket(null, new byte[4097]).encode())
        .isInstanceOf(FieldTooLongException.class)
        .hasMessage("referral data length (4097) exceeds the allowed maximum (4096)");
    byte[] max =
        new ClientReferralPacket(new HostAddress("a".repeat(256), 65535), new byte[4096]).encode();
    assertThat(max).hasSize(9 + 2 + 2 + 256 + 2 + 4096);
  }

  @Test
  void clientReferralDecoderRefusesFlaggedFieldsThatDoNotDecode() {
    assertThatThrownBy(() -> ClientReferralPacket.decode(Hex.bytes("01 ffffffff ffffffff")))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessage("target offset (-1) is outside the variable block (0..0)");
    assertThatThrownBy(() -> ClientReferralPacket.decode(Hex.bytes("02 ffffffff 00000000 05 01")))
        .isInstanceOf(MalformedPacketException.class);
    assertThatThrownBy(() -> ClientReferralPacket.decode(Hex.bytes("00 ffffffff")))
        .isInstanceOf(MalformedPacketException.class);
  }
}
