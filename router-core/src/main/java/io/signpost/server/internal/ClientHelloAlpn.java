package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ALPN protocols a client offers, read from the TLS ClientHello in its QUIC Initial packets
 * before the TLS stack sees them, so that {@code hytale/*} can select the highest {@code
 * hytale/<n>} offered for any {@code n} ({@link AlpnList#highestHytale}).
 *
 * <p>A ClientHello may span several datagrams (post-quantum key shares make it large) and its
 * CRYPTO frames may come in any order; pieces are kept per connection ID until the message is
 * complete. Bounded: at most {@value #MAX_PENDING} connections in progress (the oldest is dropped)
 * and {@value #MAX_CLIENT_HELLO} bytes each. A client whose offer cannot be read gets the fixed
 * list of {@link AlpnList#expand}. Not thread-safe: one instance per listener socket, used on its
 * event loop.
 */
final class ClientHelloAlpn {

  static final int MAX_PENDING = 256;
  static final int MAX_CLIENT_HELLO = 16 * 1024;
  private static final int ALPN_EXTENSION = 0x0010;

  /** A ClientHello being put together. */
  private static final class Pending {
    final byte[] bytes = new byte[MAX_CLIENT_HELLO];
    final BitSet have = new BitSet(MAX_CLIENT_HELLO);
  }

  private final Map<String, Pending> pending =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
          return size() > MAX_PENDING;
        }
      };

  /**
   * Reads a datagram the listener received.
   *
   * @return the protocols offered, in the client's order, once this datagram completes a
   *     ClientHello; null otherwise (not an Initial, not complete yet, no ALPN extension)
   */
  @Nullable
  List<String> accept(ByteBuffer datagram) {
    QuicInitialPacket.Found found = QuicInitialPacket.read(datagram);
    if (found == null) {
      return null;
    }
    Pending p = pending.get(found.connectionId());
    if (p == null) {
      p = new Pending();
      pending.put(found.connectionId(), p);
    }
    for (QuicInitialPacket.Crypto c : found.crypto()) {
      if (c.offset() + c.data().length > MAX_CLIENT_HELLO) {
        pending.remove(found.connectionId());
        return null;
      }
      System.arraycopy(c.data(), 0, p.bytes, (int) c.offset(), c.data().length);
      p.have.set((int) c.offset(), (int) c.offset() + c.data().length);
    }
    if (p.have.nextClearBit(0) < 4) {
      return null;
    }
    int length =
        4 + (((p.bytes[1] & 0xFF) << 16) | ((p.bytes[2] & 0xFF) << 8) | (p.bytes[3] & 0xFF));
    if (p.bytes[0] != 1 || length > MAX_CLIENT_HELLO) {
      pending.remove(found.connectionId());
      return null;
    }
    if (p.have.nextClearBit(0) < length) {
      return null;
    }
    pending.remove(found.connectionId());
    return alpn(ByteBuffer.wrap(p.bytes, 4, length - 4));
  }

  /** Connections whose ClientHello is incomplete, for tests of the bound. */
  int pendingCount() {
    return pending.size();
  }

  /** The ALPN extension of a ClientHello body; null when absent or malformed. */
  static @Nullable List<String> alpn(ByteBuffer body) {
    try {
      body.position(body.position() + 2 + 32); // legacy_version, random
      skip(body, body.get() & 0xFF); // legacy_session_id
      skip(body, body.getShort() & 0xFFFF); // cipher_suites
      skip(body, body.get() & 0xFF); // legacy_compression_methods
      int extensionsEnd = (body.getShort() & 0xFFFF) + body.position();
      while (body.position() + 4 <= extensionsEnd) {
        int type = body.getShort() & 0xFFFF;
        int length = body.getShort() & 0xFFFF;
        if (type != ALPN_EXTENSION) {
          skip(body, length);
          continue;
        }
        int listEnd = (body.getShort() & 0xFFFF) + body.position();
        List<String> out = new ArrayList<>();
        while (body.position() < listEnd) {
          byte[] name = new byte[body.get() & 0xFF];
          body.get(name);
          out.add(new String(name, StandardCharsets.ISO_8859_1));
        }
        return out;
      }
      return null;
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  private static void skip(ByteBuffer in, int n) {
    in.position(in.position() + n);
  }
}
