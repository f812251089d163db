package io.signpost.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.quic.QuicCodecDispatcher;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.function.BiFunction;

/**
 * First handler of every listener socket, one instance shared by all of them: Netty's {@link
 * QuicCodecDispatcher} gives each socket an index, encoded into the connection IDs its QUIC codec
 * issues, and hands each short-header packet to the socket (and event loop) whose index its
 * destination connection ID carries. With {@code SO_REUSEPORT} the kernel picks the receiving
 * socket by source address only, so a packet can arrive on another loop than the one that owns its
 * connection (after a client's address changed, for instance); this is what brings it home.
 * Long-header packets (Initial, Handshake) stay on the socket that received them, where the
 * connection was created.
 *
 * <p>The IDs this listener issues are {@link #TAGGED_LENGTH} bytes or longer: the socket's index (2
 * bytes), then this listener's {@link #TAG_LENGTH}-byte random tag, then random bytes. A connection
 * ID without the tag was issued by someone else, typically another replica's Retry when replicas
 * share {@code quic.retry_token_secret}: a connection accepted with such a token keeps the ID that
 * replica chose. Its index means nothing here, so such packets stay on the socket that received
 * them, which is the one whose loop created the connection (the kernel hashes the client's address
 * to it). A foreign ID that happens to carry this listener's tag (one in 2^48) is routed by its
 * index like one of ours.
 *
 * <p>Per socket it installs the ALPN offer reader (when {@code hytale/*} is configured) and a QUIC
 * codec made by {@code codecs} for that socket's connection ID length and generator.
 */
public final class ConnectionIdDispatcher extends QuicCodecDispatcher {

  static final int INDEX_LENGTH = 2;
  static final int TAG_LENGTH = 6;
  static final int TAGGED_LENGTH = INDEX_LENGTH + TAG_LENGTH;

  /** {@link #decodeIndex}'s answer for an ID this listener did not issue: keep it where it is. */
  static final int STAY = Integer.MAX_VALUE;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean readAlpnOffer;
  private final BiFunction<Integer, QuicConnectionIdGenerator, ChannelHandler> codecs;
  private final byte[] tag;

  /**
   * @param readAlpnOffer whether to install {@link OfferedAlpnHandler} in front of the codec
   * @param codecs a new codec for a connection ID length and generator; called once per socket
   */
  public ConnectionIdDispatcher(
      boolean readAlpnOffer,
      BiFunction<Integer, QuicConnectionIdGenerator, ChannelHandler> codecs) {
    this(readAlpnOffer, codecs, randomTag());
  }

  ConnectionIdDispatcher(
      boolean readAlpnOffer,
      BiFunction<Integer, QuicConnectionIdGenerator, ChannelHandler> codecs,
      byte[] tag) {
    if (tag.length != TAG_LENGTH) {
      throw new IllegalArgumentException(
          "tag: " + tag.length + " bytes (expected: " + TAG_LENGTH + ")");
    }
    this.readAlpnOffer = readAlpnOffer;
    this.codecs = codecs;
    this.tag = tag.clone();
  }

  private static byte[] randomTag() {
    byte[] tag = new byte[TAG_LENGTH];
    RANDOM.nextBytes(tag);
    return tag;
  }

  @Override
  protected void initChannel(
      Channel channel, int localConnectionIdLength, QuicConnectionIdGenerator idGenerator) {
    if (readAlpnOffer) {
      channel.pipeline().addLast(new OfferedAlpnHandler());
    }
    channel.pipeline().addLast(codecs.apply(localConnectionIdLength, idGenerator));
  }

  @Override
  protected QuicConnectionIdGenerator newIdGenerator(int index) {
    return new TaggedIds(index, tag);
  }

  /**
   * The socket index of a connection ID this listener issued, or {@link #STAY} for any other: too
   * short to carry the tag, or with another tag.
   */
  @Override
  protected int decodeIndex(ByteBuf connectionId) {
    int at = connectionId.readerIndex();
    if (connectionId.readableBytes() < TAGGED_LENGTH) {
      return STAY;
    }
    for (int i = 0; i < TAG_LENGTH; i++) {
      if (connectionId.getByte(at + INDEX_LENGTH + i) != tag[i]) {
        return STAY;
      }
    }
    return connectionId.getUnsignedShort(at);
  }

  /** Connection IDs of one socket: its index, the listener's tag, random bytes. */
  static final class TaggedIds implements QuicConnectionIdGenerator {
    private final int index;
    private final byte[] tag;

    TaggedIds(int index, byte[] tag) {
      if (index < 0 || index > 0xFFFF) {
        throw new IllegalArgumentException("index: " + index + " (expected: 0..65535)");
      }
      this.index = index;
      this.tag = tag;
    }

    @Override
    public ByteBuffer newId(int length) {
      if (length > maxConnectionIdLength()) {
        throw new IllegalArgumentException(
            "length: " + length + " (expected: at most " + maxConnectionIdLength() + ")");
      }
      byte[] id = new byte[length];
      RANDOM.nextBytes(id);
      if (length >= TAGGED_LENGTH) {
        id[0] = (byte) (index >>> 8);
        id[1] = (byte) index;
        System.arraycopy(tag, 0, id, INDEX_LENGTH, TAG_LENGTH);
      }
      return ByteBuffer.wrap(id);
    }

    @Override
    public ByteBuffer newId(ByteBuffer input, int length) {
      return newId(length);
    }

    @Override
    public ByteBuffer newId(ByteBuffer scid, ByteBuffer dcid, int length) {
      return newId(length);
    }

    @Override
    public int maxConnectionIdLength() {
      return 20;
    }

    @Override
    public boolean isIdempotent() {
      return false;
    }
  }
}
