package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Connection IDs carry the issuing socket's index behind this listener's tag; an ID issued
 * elsewhere (another replica's Retry) stays on the socket that received it.
 */
class ConnectionIdDispatcherTest {
  private static final byte[] TAG = {1, 2, 3, 4, 5, 6};
  private static final byte[] OTHER_TAG = {1, 2, 3, 4, 5, 7};

  private final ConnectionIdDispatcher dispatcher = dispatcher(TAG);

  private static ConnectionIdDispatcher dispatcher(byte[] tag) {
    return new ConnectionIdDispatcher(false, (length, ids) -> null, tag);
  }

  @Test
  void anIdThisListenerIssuedLeadsToItsSocket() {
    for (int index : new int[] {0, 1, 7, 255, 256, 65535}) {
      QuicConnectionIdGenerator ids = dispatcher.newIdGenerator(index);
      for (int i = 0; i < 100; i++) {
        assertThat(dispatcher.decodeIndex(buf(ids.newId(20)))).isEqualTo(index);
      }
      assertThat(dispatcher.decodeIndex(buf(ids.newId(ByteBuffer.allocate(8), 20))))
          .isEqualTo(index);
      assertThat(
              dispatcher.decodeIndex(
                  buf(ids.newId(ByteBuffer.allocate(8), ByteBuffer.allocate(8), 20))))
          .isEqualTo(index);
    }
  }

  @Test
  void anIdAnotherListenerIssuedStaysWhereItArrived() {
    QuicConnectionIdGenerator theirs = dispatcher(OTHER_TAG).newIdGenerator(1);
    for (int i = 0; i < 100; i++) {
      assertThat(dispatcher.decodeIndex(buf(theirs.newId(20))))
          .isEqualTo(ConnectionIdDispatcher.STAY);
    }
  }

  @Test
  void randomShortAndUntaggedIdsStayWhereTheyArrived() {
    assertThat(dispatcher.decodeIndex(Unpooled.wrappedBuffer(new byte[20])))
        .isEqualTo(ConnectionIdDispatcher.STAY);
    assertThat(dispatcher.decodeIndex(Unpooled.wrappedBuffer(new byte[] {0, 1, 1, 2, 3, 4, 5})))
        .as("one byte short of the tag")
        .isEqualTo(ConnectionIdDispatcher.STAY);
    assertThat(dispatcher.decodeIndex(Unpooled.EMPTY_BUFFER))
        .isEqualTo(ConnectionIdDispatcher.STAY);
    QuicConnectionIdGenerator netty = QuicConnectionIdGenerator.randomGenerator();
    int routed = 0;
    for (int i = 0; i < 1000; i++) {
      if (dispatcher.decodeIndex(buf(netty.newId(20))) != ConnectionIdDispatcher.STAY) {
        routed++;
      }
    }
    assertThat(routed).isZero();
  }

  @Test
  void theIndexIsReadAtTheBuffersReaderIndex() {
    ByteBuffer id = dispatcher.newIdGenerator(3).newId(20);
    ByteBuf withPrefix = Unpooled.buffer();
    withPrefix.writeBytes(new byte[] {9, 9, 9});
    withPrefix.writeBytes(id);
    withPrefix.readerIndex(3);
    assertThat(dispatcher.decodeIndex(withPrefix)).isEqualTo(3);
  }

  @Test
  void idsAreRandomBehindTheTagAndShortIdsAreRandomThroughout() {
    QuicConnectionIdGenerator ids = dispatcher.newIdGenerator(2);
    Set<ByteBuffer> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(ids.newId(20));
    }
    assertThat(seen).hasSize(1000);
    assertThat(ids.newId(4).remaining()).isEqualTo(4);
    assertThat(ids.isIdempotent()).isFalse();
    assertThatThrownBy(() -> ids.newId(21)).hasMessageContaining("at most 20");
  }

  @Test
  void aTagOfTheWrongLengthAndAnIndexOutOfRangeAreRefused() {
    assertThatThrownBy(() -> dispatcher(new byte[5])).hasMessageContaining("expected: 6");
    assertThatThrownBy(() -> dispatcher.newIdGenerator(65536)).hasMessageContaining("0..65535");
  }

  private static ByteBuf buf(ByteBuffer id) {
    return Unpooled.wrappedBuffer(id.duplicate());
  }
}
