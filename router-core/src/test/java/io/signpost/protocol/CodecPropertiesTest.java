package io.signpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Every decoder is total (random bytes yield a value or the typed error, nothing else) and every
 * encoder round-trips through its decoder.
 */
class CodecPropertiesTest {

  @Property(tries = 2000)
  void frameHeaderParseIsTotal(@ForAll @Size(max = 12) byte[] bytes) {
    try {
      FrameHeader header = FrameHeader.parse(bytes);
      assertThat(bytes.length).isGreaterThanOrEqualTo(8);
      assertThat(header.payloadLength()).isBetween(0L, 0xFFFF_FFFFL);
    } catch (MalformedPacketException e) {
      assertThat(bytes.length).isLessThan(8);
    }
  }

  @Property(tries = 2000)
  void frameReaderIsTotalAndBounded(
      @ForAll @Size(max = 600) byte[] stream,
      @ForAll @IntRange(min = 0, max = 512) int cap,
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 64) Integer> chunkSizes) {
    FrameReader reader = new FrameReader(cap);
    ByteBuffer in = ByteBuffer.wrap(stream);
    try {
      for (int i = 0; in.hasRemaining(); i++) {
        int size = Math.min(chunkSizes.get(i % chunkSizes.size()), in.remaining());
        ByteBuffer chunk = in.slice(in.position(), size);
        Optional<Frame> frame = reader.read(chunk);
        in.position(in.position() + chunk.position());
        frame.ifPresent(f -> assertThat(f.payloadLength()).isLessThanOrEqualTo(cap));
        assertThat(reader.payloadCapacity()).isLessThanOrEqualTo(cap);
        assertThat(reader.bufferedBytes()).isLessThanOrEqualTo(8 + cap);
      }
    } catch (FrameTooLargeException e) {
      assertThat(e.declaredLength()).isGreaterThan(cap);
      assertThat(reader.payloadCapacity()).isZero();
    }
  }

  @Property(tries = 1000)
  void framesRoundTripThroughAnyChunking(
      @ForAll @Size(max = 6) List<@Size(max = 300) byte[]> payloads,
      @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 97) Integer> chunkSizes)
      throws Exception {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    List<Frame> sent = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      Frame frame = new Frame(i * 7, payloads.get(i));
      sent.add(frame);
      wire.writeBytes(frame.encode());
    }
    FrameReader reader = new FrameReader(300);
    List<Frame> received = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(wire.toByteArray());
    for (int i = 0; in.hasRemaining(); i++) {
      ByteBuffer chunk =
          in.slice(in.position(), Math.min(chunkSizes.get(i % chunkSizes.size()), in.remaining()));
      while (chunk.hasRemaining()) {
        reader.read(chunk).ifPresent(received::add);
      }
      in.position(in.position() + chunk.position());
    }
    assertThat(received).isEqualTo(sent);
    assertThat(reader.bufferedBytes()).isZero();
  }

  @Property(tries = 2000)
  void varIntRoundTrips(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int value)
      throws Exception {
    byte[] encoded = VarInt.encode(value);
    assertThat(encoded).hasSize(VarInt.size(value)).hasSizeLessThanOrEqualTo(5);
    assertThat(VarInt.read(ByteBuffer.wrap(encoded))).isEqualTo(value);
  }

  @Property(tries = 2000)
  void varIntReadIsTotal(@ForAll @Size(max = 8) byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      assertThat(VarInt.read(in)).isNotNegative();
      assertThat(in.position()).isBetween(1, 5);
    } catch (MalformedPacketException expected) {
      // the typed error
    }
  }

  @Property(tries = 2000)
  void varStringAndHostAddressReadsAreTotal(
      @ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(min = 0, max = 300) int max) {
    try {
      assertThat(
              VarString.read(ByteBuffer.wrap(bytes), "s", max)
                  .getBytes(StandardCharsets.UTF_8)
                  .length)
          .isLessThanOrEqualTo(3 * max);
    } catch (MalformedPacketException expected) {
      // the typed error
    }
    try {
      assertThat(HostAddress.read(ByteBuffer.wrap(bytes)).port()).isBetween(0, 65535);
    } catch (MalformedPacketException expected) {
      // the typed error
    }
  }

  @Property(tries = 2000)
  void varStringRoundTrips(@ForAll("texts") String text) throws Exception {
    byte[] utf8 = VarString.utf8(text, "s", 64);
    ByteBuffer out = ByteBuffer.allocate(VarString.size(utf8));
    VarString.write(out, utf8);
    assertThat(VarString.read(ByteBuffer.wrap(out.array()), "s", 64)).isEqualTo(text);
  }

  @Property(tries = 2000)
  void connectDecodeIsTotal(@ForAll @Size(max = 400) byte[] payload) {
    assertThat(ConnectDecoder.decode(payload)).isNotNull();
  }

  @Property(tries = 2000)
  void connectDecodeIsTotalOnLayoutALookalikes(@ForAll @Size(min = 102, max = 400) byte[] payload) {
    for (int i = 1; i <= 64; i++) {
      payload[i] = (byte) "0123456789abcdef\0".charAt((payload[i] & 0xFF) % 17);
    }
    assertThat(ConnectDecoder.decode(payload)).isInstanceOf(ConnectDecodeResult.Decoded.class);
  }

  @Property(tries = 2000)
  void connectRoundTrips(@ForAll("clients") ClientConnect client) throws Exception {
    byte[] payload = ConnectEncoder.encode(client.packet(), client.token());
    assertThat(ConnectDecoder.decode(payload))
        .isEqualTo(new ConnectDecodeResult.Decoded(client.packet()));
  }

  @Property(tries = 2000)
  void connectDecodeIsTotalOnMutatedPackets(
      @ForAll("clients") ClientConnect client,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 100_000) Integer> positions,
      @ForAll @Size(min = 8, max = 8) byte[] values,
      @ForAll @IntRange(min = 0, max = 100) int keepPercent)
      throws Exception {
    byte[] payload = ConnectEncoder.encode(client.packet(), client.token());
    for (int i = 0; i < positions.size(); i++) {
      payload[positions.get(i) % payload.length] = values[i];
    }
    byte[] truncated = java.util.Arrays.copyOf(payload, payload.length * keepPercent / 100);
    assertThat(ConnectDecoder.decode(payload)).isNotNull();
    assertThat(ConnectDecoder.decode(truncated)).isNotNull();
  }

  @Property(tries = 2000)
  void outboundDecodersAreTotal(@ForAll @Size(max = 300) byte[] payload) {
    try {
      assertThat(DisconnectPacket.decode(payload)).isNotNull();
    } catch (MalformedPacketException expected) {
      // the typed error
    }
    try {
      assertThat(ClientReferralPacket.decode(payload)).isNotNull();
    } catch (MalformedPacketException expected) {
      // the typed error
    }
  }

  @Property(tries = 1000)
  void disconnectRoundTrips(@ForAll("texts") String reason) throws Exception {
    DisconnectPacket packet = new DisconnectPacket(reason);
    assertThat(DisconnectPacket.decode(packet.encode())).isEqualTo(packet);
  }

  @Property(tries = 1000)
  void clientReferralRoundTrips(
      @ForAll("hosts") HostAddress target, @ForAll @Size(max = 600) byte[] data) throws Exception {
    for (ClientReferralPacket packet :
        List.of(
            new ClientReferralPacket(target, data),
            new ClientReferralPacket(null, data),
            new ClientReferralPacket(target, null))) {
      assertThat(ClientReferralPacket.decode(packet.encode())).isEqualTo(packet);
    }
  }

  /** A Connect packet and the identity token the client sends with it (null when none). */
  record ClientConnect(ConnectPacket packet, String token) {}

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(64);
    Arbitrary<String> any =
        Arbitraries.strings().all().ofMaxLength(16).filter(CodecPropertiesTest::wellFormed);
    return Arbitraries.oneOf(ascii, any);
  }

  @Provide
  Arbitrary<HostAddress> hosts() {
    return Combinators.combine(text(256), Arbitraries.integers().between(0, 65535))
        .as(HostAddress::new);
  }

  @Provide
  Arbitrary<ClientConnect> clients() {
    return Arbitraries.oneOf(layoutA(), layoutB());
  }

  private Arbitrary<ClientConnect> layoutA() {
    Arbitrary<String> hash =
        Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMaxLength(64);
    return Combinators.combine(
            hash,
            Arbitraries.integers().between(0, 255),
            uuids(),
            text(ConnectPacket.MAX_USERNAME_BYTES).injectNull(0.2),
            text(ConnectPacket.MAX_LANGUAGE_BYTES_A).injectNull(0.3),
            text(200).injectNull(0.4),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200).injectNull(0.4),
            hosts().injectNull(0.4))
        .as(
            (h, type, uuid, username, language, token, data, source) ->
                new ClientConnect(
                    new ConnectPacket(
                        ConnectLayout.A,
                        h,
                        type,
                        uuid,
                        username,
                        language,
                        token != null,
                        data,
                        source),
                    token));
  }

  private Arbitrary<ClientConnect> layoutB() {
    Arbitrary<String> version = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20);
    return Combinators.combine(
            version,
            Arbitraries.integers().between(0, 255),
            uuids(),
            text(ConnectPacket.MAX_USERNAME_BYTES),
            text(ConnectPacket.MAX_LANGUAGE_BYTES_B),
            text(200).injectNull(0.4),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200).injectNull(0.4),
            hosts().injectNull(0.4))
        .as(
            (v, type, uuid, username, language, token, data, source) ->
                new ClientConnect(
                    new ConnectPacket(
                        ConnectLayout.B,
                        v,
                        type,
                        uuid,
                        username,
                        language,
                        token != null,
                        data,
                        source),
                    token));
  }

  private static Arbitrary<String> uuids() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
        .as((msb, lsb) -> new java.util.UUID(msb, lsb).toString());
  }

  /** Strings of at most {@code maxBytes} UTF-8 bytes, mostly ASCII, some of any script. */
  private static Arbitrary<String> text(int maxBytes) {
    Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(maxBytes);
    Arbitrary<String> any =
        Arbitraries.strings()
            .all()
            .ofMaxLength(maxBytes / 4)
            .filter(CodecPropertiesTest::wellFormed);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, ascii), net.jqwik.api.Tuple.of(1, any));
  }

  private static boolean wellFormed(String s) {
    return s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }
}
