package io.signpost.server.internal;

import io.netty.buffer.ByteBuf;
import io.signpost.annotation.Nullable;

/**
 * Collects the first frame of a stream, {@code u32 payload_len | u32 packet_id | payload}, little
 * endian, without ever holding more than the header and the allowed payload.
 *
 * <p>Not thread-safe: used from one stream's event loop.
 */
public final class FirstFrameReader {

  /** Bytes in the frame header. */
  public static final int HEADER_BYTES = 8;

  /** What {@link #offer} concluded. */
  public sealed interface Result permits NeedMore, Complete, TooLarge {}

  /** The frame is not complete yet. */
  public record NeedMore() implements Result {}

  /** The frame is complete. */
  public record Complete(int packetId, byte[] payload) implements Result {}

  /** The header declares a payload larger than the cap. */
  public record TooLarge(long declaredLength, int maxLength) implements Result {
    public String message() {
      return "frame length (" + declaredLength + ") exceeds the allowed maximum (" + maxLength + ")";
    }
  }

  private static final NeedMore NEED_MORE = new NeedMore();

  private final int maxPayloadBytes;
  private final byte[] header = new byte[HEADER_BYTES];
  private int headerFill;
  private int packetId;
  private byte @Nullable [] payload;
  private int payloadFill;

  public FirstFrameReader(int maxPayloadBytes) {
    if (maxPayloadBytes <= 0) {
      throw new IllegalArgumentException(
          "maxPayloadBytes: " + maxPayloadBytes + " (expected: > 0)");
    }
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /**
   * Consumes what it needs of {@code in} (bytes past the frame are left unread) and says whether
   * the frame is complete. After a {@link Complete} or {@link TooLarge} result, do not call again.
   */
  public Result offer(ByteBuf in) {
    if (headerFill < HEADER_BYTES) {
      int n = Math.min(HEADER_BYTES - headerFill, in.readableBytes());
      in.readBytes(header, headerFill, n);
      headerFill += n;
      if (headerFill < HEADER_BYTES) {
        return NEED_MORE;
      }
      long declared = u32(0);
      if (declared > maxPayloadBytes) {
        return new TooLarge(declared, maxPayloadBytes);
      }
      packetId = (int) u32(4);
      payload = new byte[(int) declared];
    }
    byte[] body = payload;
    int n = Math.min(body.length - payloadFill, in.readableBytes());
    in.readBytes(body, payloadFill, n);
    payloadFill += n;
    return payloadFill == body.length ? new Complete(packetId, body) : NEED_MORE;
  }

  /** Bytes taken so far, header included. */
  public int bytesRead() {
    return headerFill + payloadFill;
  }

  private long u32(int offset) {
    return (header[offset] & 0xFFL)
        | (header[offset + 1] & 0xFFL) << 8
        | (header[offset + 2] & 0xFFL) << 16
        | (header[offset + 3] & 0xFFL) << 24;
  }
}
