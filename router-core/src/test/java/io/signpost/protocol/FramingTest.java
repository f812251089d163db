package io.signpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FramingTest {

  @Test
  void packetIdsAreTheProtocolsNumbers() {
    assertThat(PacketId.CONNECT).isZero();
    assertThat(PacketId.DISCONNECT).isEqualTo(1);
    assertThat(PacketId.PING).isEqualTo(2);
    assertThat(PacketId.PONG).isEqualTo(3);
    assertThat(PacketId.CONNECT_ACCEPT).isEqualTo(14);
    assertThat(PacketId.CLIENT_REFERRAL).isEqualTo(18);
    assertThat(PacketId.name(18)).isEqualTo("ClientReferral");
    assertThat(PacketId.name(-1)).isEqualTo("unknown(4294967295)");
  }

  @Test
  void encodesFrames() {
    assertThat(Hex.of(Frames.encode(18, Hex.bytes("010203"))))
        .isEqualTo("03000000" + "12000000" + "010203");
    assertThat(Hex.of(Frames.encode(0, new byte[0]))).isEqualTo("00000000" + "00000000");
    assertThat(Hex.of(new Frame(2, Hex.bytes("ab")).encode()))
        .isEqualTo("01000000" + "02000000" + "ab");
  }

  @Test
  void parsesHeadersAsUnsignedLittleEndian() throws Exception {
    assertThat(FrameHeader.parse(Hex.bytes("6c000000 00000000 ff")))
        .isEqualTo(new FrameHeader(108, 0));
    assertThat(FrameHeader.parse(Hex.bytes("ffffffff 00000080")))
        .isEqualTo(new FrameHeader(0xFFFF_FFFFL, Integer.MIN_VALUE));
    assertThat(Hex.of(new FrameHeader(0xFFFF_FFFFL, 18).encode())).isEqualTo("ffffffff12000000");
  }

  @Test
  void headerNeedsEightBytes() {
    ByteBuffer in = ByteBuffer.wrap(Hex.bytes("01000000 000000"));
    assertThatThrownBy(() -> FrameHeader.parse(in))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessage("frame header needs 8 bytes but only 7 remain");
    assertThat(in.position()).isZero();
  }

  @Test
  void aKeepingReaderSkipsOtherFramesWithoutHoldingThem() throws Exception {
    FrameReader reader = new FrameReader(16, id -> id == PacketId.CONNECT);
    byte[] bytes =
        Hex.bytes("03000000 02000000 aabbcc" + "00000000 03000000" + "02000000 00000000 0102");
    Optional<Frame> found = Optional.empty();
    for (byte b : bytes) {
      assertThat(found).isEmpty();
      assertThat(reader.bufferedBytes()).isLessThanOrEqualTo(8 + 2);
      found = reader.read(ByteBuffer.wrap(new byte[] {b}));
    }
    assertThat(found).contains(new Frame(PacketId.CONNECT, Hex.bytes("0102")));
    assertThat(reader.skippedFrames()).isEqualTo(2);
    assertThat(reader.atFrameBoundary()).isTrue();

    FrameReader mid = new FrameReader(16, id -> id == PacketId.CONNECT);
    assertThat(mid.read(ByteBuffer.wrap(Hex.bytes("05000000 02000000 aa")))).isEmpty();
    assertThat(mid.atFrameBoundary()).isFalse();
    assertThatThrownBy(
            () ->
                new FrameReader(16, id -> false)
                    .read(ByteBuffer.wrap(Hex.bytes("11000000 02000000"))))
        .isInstanceOf(FrameTooLargeException.class);
  }

  @Test
  void readerYieldsAFrameFromOneChunk() throws Exception {
    FrameReader reader = new FrameReader(1024);
    ByteBuffer chunk = ByteBuffer.wrap(Hex.bytes("03000000 12000000 010203"));
    assertThat(reader.read(chunk)).contains(new Frame(18, Hex.bytes("010203")));
    assertThat(chunk.hasRemaining()).isFalse();
    assertThat(reader.bufferedBytes()).isZero();
  }

  @Test
  void readerReassemblesByteByByte() throws Exception {
    FrameReader reader = new FrameReader(1024);
    byte[] wire = Hex.bytes("05000000 00000000 0102030405");
    for (int i = 0; i < wire.length - 1; i++) {
      assertThat(reader.read(ByteBuffer.wrap(new byte[] {wire[i]}))).isEmpty();
      assertThat(reader.bufferedBytes()).isEqualTo(i + 1);
    }
    assertThat(reader.read(ByteBuffer.wrap(new byte[] {wire[wire.length - 1]})))
        .contains(new Frame(0, Hex.bytes("0102030405")));
  }

  @Test
  void readerLeavesTheNextFrameInTheChunk() throws Exception {
    FrameReader reader = new FrameReader(1024);
    ByteBuffer chunk =
        ByteBuffer.wrap(Hex.bytes("01000000 02000000 aa" + "00000000 03000000" + "0200"));
    assertThat(reader.read(chunk)).contains(new Frame(2, Hex.bytes("aa")));
    assertThat(chunk.position()).isEqualTo(9);
    assertThat(reader.read(chunk)).contains(new Frame(3, new byte[0]));
    assertThat(chunk.remaining()).isEqualTo(2);
    assertThat(reader.read(chunk)).isEmpty();
    assertThat(reader.bufferedBytes()).isEqualTo(2);
  }

  @Test
  void declaredLengthOverTheCapIsRefusedAfterTheHeaderWithoutBufferingMore() throws Exception {
    FrameReader reader = new FrameReader(4096);
    byte[] wire = new byte[8 + 64];
    System.arraycopy(Hex.bytes("01100000 00000000"), 0, wire, 0, 8); // 4097
    ByteBuffer chunk = ByteBuffer.wrap(wire);

    assertThatThrownBy(() -> reader.read(chunk))
        .isInstanceOfSatisfying(
            FrameTooLargeException.class,
            e -> {
              assertThat(e.declaredLength()).isEqualTo(4097);
              assertThat(e.maxLength()).isEqualTo(4096);
            })
        .hasMessage("frame length (4097) exceeds the allowed maximum (4096)");
    assertThat(chunk.position()).isEqualTo(8);
    assertThat(reader.bufferedBytes()).isEqualTo(8);
    assertThat(reader.payloadCapacity()).isZero();

    assertThatThrownBy(() -> reader.read(chunk)).isInstanceOf(FrameTooLargeException.class);
    assertThat(chunk.position()).isEqualTo(8);
    assertThat(reader.payloadCapacity()).isZero();
  }

  @Test
  void refusesTheLargestUnsignedLength() {
    FrameReader reader = new FrameReader(Integer.MAX_VALUE - 8);
    assertThatThrownBy(() -> reader.read(ByteBuffer.wrap(Hex.bytes("ffffffff 00000000"))))
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessage("frame length (4294967295) exceeds the allowed maximum (2147483639)");
  }

  @Test
  void acceptsALengthExactlyAtTheCap() throws Exception {
    FrameReader reader = new FrameReader(3);
    assertThat(reader.read(ByteBuffer.wrap(Hex.bytes("03000000 00000000 616263"))))
        .contains(new Frame(0, Hex.bytes("616263")));
  }

  @Test
  void allocatesWithWhatArrivesNotWithWhatIsDeclared() throws Exception {
    FrameReader reader = new FrameReader(16 * 1024 * 1024);
    assertThat(reader.read(ByteBuffer.wrap(Hex.bytes("00000001 00000000"))))
        .isEmpty(); // declares 16 MiB
    assertThat(reader.payloadCapacity()).isZero();
    int received = 0;
    for (int i = 0; i < 100; i++) {
      Optional<Frame> none = reader.read(ByteBuffer.wrap(new byte[10]));
      received += 10;
      assertThat(none).isEmpty();
      assertThat(reader.payloadCapacity()).isLessThanOrEqualTo(2 * received);
    }
    assertThat(reader.bufferedBytes()).isEqualTo(8 + received);
  }

  @Test
  void neverAllocatesMoreThanTheDeclaredLength() throws Exception {
    FrameReader reader = new FrameReader(1000);
    reader.read(ByteBuffer.wrap(Hex.bytes("05000000 00000000 0102")));
    reader.read(ByteBuffer.wrap(Hex.bytes("03")));
    assertThat(reader.payloadCapacity()).isLessThanOrEqualTo(5);
    assertThat(reader.read(ByteBuffer.wrap(Hex.bytes("0405 ffff"))))
        .contains(new Frame(0, Hex.bytes("0102030405")));
  }

  @Test
  void capMustBeUsable() {
    assertThatThrownBy(() -> new FrameReader(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FrameReader(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPayloadLength: 2147483647 (expected: 0..2147483639)");
  }
}
