package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class FirstFrameReaderTest {

  private static byte[] frame(long length, int id, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt((int) length)
        .putInt(id)
        .put(payload)
        .array();
  }

  @Test
  void readsAFrameDeliveredOneByteAtATime() {
    FirstFrameReader reader = new FirstFrameReader(16);
    byte[] bytes = frame(3, 0x01020304, new byte[] {7, 8, 9});
    FirstFrameReader.Result result = null;
    for (byte b : bytes) {
      result = reader.offer(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    assertThat(result).isEqualTo(result);
    assertThat(result).isInstanceOf(FirstFrameReader.Complete.class);
    FirstFrameReader.Complete complete = (FirstFrameReader.Complete) result;
    assertThat(complete.packetId()).isEqualTo(0x01020304);
    assertThat(complete.payload()).containsExactly(7, 8, 9);
  }

  @Test
  void leavesBytesAfterTheFrameUnread() {
    FirstFrameReader reader = new FirstFrameReader(16);
    byte[] first = frame(2, 0, new byte[] {1, 2});
    ByteBuf in = Unpooled.buffer().writeBytes(first).writeBytes(new byte[] {42, 43});

    assertThat(reader.offer(in)).isInstanceOf(FirstFrameReader.Complete.class);
    assertThat(in.readableBytes()).isEqualTo(2);
  }

  @Test
  void emptyPayloadCompletesWithTheHeader() {
    FirstFrameReader reader = new FirstFrameReader(16);
    FirstFrameReader.Result result = reader.offer(Unpooled.wrappedBuffer(frame(0, 2, new byte[0])));
    assertThat(result).isInstanceOf(FirstFrameReader.Complete.class);
    assertThat(((FirstFrameReader.Complete) result).payload()).isEmpty();
  }

  @Test
  void lengthAtTheCapIsAcceptedAndOneMoreIsRefused() {
    assertThat(new FirstFrameReader(4).offer(Unpooled.wrappedBuffer(frame(4, 0, new byte[4]))))
        .isInstanceOf(FirstFrameReader.Complete.class);
    FirstFrameReader.Result over = new FirstFrameReader(4).offer(Unpooled.wrappedBuffer(frame(5, 0, new byte[0])));
    assertThat(over).isInstanceOf(FirstFrameReader.TooLarge.class);
    assertThat(((FirstFrameReader.TooLarge) over).message())
        .isEqualTo("frame length (5) exceeds the allowed maximum (4)");
  }

  @Test
  void lengthIsUnsigned() {
    FirstFrameReader.Result result =
        new FirstFrameReader(65_536).offer(Unpooled.wrappedBuffer(frame(0xFFFF_FFFFL, 0, new byte[0])));
    assertThat(result)
        .isEqualTo(new FirstFrameReader.TooLarge(4_294_967_295L, 65_536));
  }

  @Test
  void incompleteFrameNeedsMore() {
    FirstFrameReader reader = new FirstFrameReader(16);
    assertThat(reader.offer(Unpooled.wrappedBuffer(frame(10, 0, new byte[3]))))
        .isInstanceOf(FirstFrameReader.NeedMore.class);
    assertThat(reader.bytesRead()).isEqualTo(11);
  }
}
