package io.signpost.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Reassembles frames from the chunks a stream delivers, one frame at a time.
 *
 * <p>Each call to {@link #read} consumes bytes from the chunk only up to the end of the frame it
 * completes; bytes of a following frame stay in the chunk for the next call. The declared payload
 * length is checked against the cap as soon as the 8-byte header is complete, before any payload
 * byte is buffered. The payload buffer grows with what arrives: it is never larger than the
 * declared length (so never larger than the cap) nor than twice the payload bytes received so far.
 *
 * <p>A reader made with a {@code keep} predicate passes only frames whose packet id it accepts; the
 * payloads of the others are consumed without being buffered (their declared length is still held
 * to the cap), so skipping costs no memory.
 *
 * <p>Not thread-safe: one reader per stream, fed from the stream's thread.
 */
public final class FrameReader {
  private final int maxPayloadLength;
  private final IntPredicate keep;
  private long skippedFrames;
  private long skipRemaining;
  private final byte[] header = new byte[FrameHeader.SIZE];
  private int headerFilled;
  private FrameHeader current;
  private byte[] payload = new byte[0];
  private int payloadFilled;

  /**
   * @param maxPayloadLength the largest payload accepted, {@code 0..Integer.MAX_VALUE - 8}
   */
  public FrameReader(int maxPayloadLength) {
    this(maxPayloadLength, id -> true);
  }

  /**
   * A reader that returns only the frames whose packet id {@code keep} accepts and skips the others
   * without buffering them.
   *
   * @param maxPayloadLength the largest payload accepted, kept or skipped
   */
  public FrameReader(int maxPayloadLength, IntPredicate keep) {
    this.keep = requireNonNull(keep, "keep");
    if (maxPayloadLength < 0 || maxPayloadLength > Integer.MAX_VALUE - FrameHeader.SIZE) {
      throw new IllegalArgumentException(
          "maxPayloadLength: "
              + maxPayloadLength
              + " (expected: 0.."
              + (Integer.MAX_VALUE - FrameHeader.SIZE)
              + ")");
    }
    this.maxPayloadLength = maxPayloadLength;
  }

  /**
   * Consumes bytes from {@code chunk} until a frame is complete or the chunk is exhausted.
   *
   * @return the completed frame, or empty when more bytes are needed
   * @throws FrameTooLargeException when the header declares a payload over the cap; the reader then
   *     consumes nothing more and every later call throws the same way (the stream is unusable)
   */
  public Optional<Frame> read(ByteBuffer chunk) throws FrameTooLargeException {
    while (true) {
      if (skipRemaining > 0) {
        int take = (int) Math.min(skipRemaining, chunk.remaining());
        chunk.position(chunk.position() + take);
        skipRemaining -= take;
        if (skipRemaining > 0) {
          return Optional.empty();
        }
      }
      if (current == null && !fillHeader(chunk)) {
        return Optional.empty();
      }
      if (keep.test(current.packetId())) {
        return readPayload(chunk);
      }
      skippedFrames++;
      skipRemaining = current.payloadLength();
      reset();
    }
  }

  private Optional<Frame> readPayload(ByteBuffer chunk) {
    int wanted = (int) current.payloadLength() - payloadFilled;
    int take = Math.min(wanted, chunk.remaining());
    ensureCapacity(payloadFilled + take);
    chunk.get(payload, payloadFilled, take);
    payloadFilled += take;
    if (payloadFilled < current.payloadLength()) {
      return Optional.empty();
    }
    Frame frame = new Frame(current.packetId(), payload);
    reset();
    return Optional.of(frame);
  }

  /** How many frames were skipped because {@code keep} refused their packet id. */
  public long skippedFrames() {
    return skippedFrames;
  }

  /** Whether the reader is at a frame boundary: no partial header, payload or skipped payload. */
  public boolean atFrameBoundary() {
    return headerFilled == 0 && current == null && skipRemaining == 0;
  }

  /** Bytes held for the frame in progress (header and payload). */
  public int bufferedBytes() {
    return headerFilled + payloadFilled;
  }

  /** Size of the payload buffer currently allocated (for tests of the allocation bound). */
  int payloadCapacity() {
    return payload.length;
  }

  /** The cap this reader enforces. */
  public int maxPayloadLength() {
    return maxPayloadLength;
  }

  private boolean fillHeader(ByteBuffer chunk) throws FrameTooLargeException {
    int take = Math.min(FrameHeader.SIZE - headerFilled, chunk.remaining());
    chunk.get(header, headerFilled, take);
    headerFilled += take;
    if (headerFilled < FrameHeader.SIZE) {
      return false;
    }
    FrameHeader parsed = parseCompleteHeader();
    if (parsed.payloadLength() > maxPayloadLength) {
      throw new FrameTooLargeException(parsed.payloadLength(), maxPayloadLength);
    }
    current = parsed;
    return true;
  }

  private FrameHeader parseCompleteHeader() {
    try {
      return FrameHeader.parse(header);
    } catch (MalformedPacketException e) {
      throw new IllegalStateException("a complete 8-byte header always parses", e);
    }
  }

  private void ensureCapacity(int needed) {
    if (needed <= payload.length) {
      return;
    }
    long doubled = (long) payload.length * 2;
    int capacity = (int) Math.min(current.payloadLength(), Math.max(needed, doubled));
    payload = Arrays.copyOf(payload, capacity);
  }

  private void reset() {
    headerFilled = 0;
    current = null;
    payload = new byte[0];
    payloadFilled = 0;
  }
}
