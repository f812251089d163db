package io.signpost.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;

/**
 * A host and port as the protocol carries them: {@code u16 port} (little-endian) followed by the
 * host as a {@link VarString} of at most {@value #MAX_HOST_BYTES} bytes.
 *
 * @param host the host name or address literal; not checked for syntax
 * @param port the port, {@code 0..65535}
 */
public record HostAddress(String host, int port) {
  /** The longest host the protocol accepts, in UTF-8 bytes. */
  public static final int MAX_HOST_BYTES = 256;

  public HostAddress {
    requireNonNull(host, "host");
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  /**
   * Reads a host address at the buffer's position and advances past it.
   *
   * @throws MalformedPacketException when the input is truncated or the host is over its maximum
   */
  public static HostAddress read(ByteBuffer in) throws MalformedPacketException {
    int port = Wire.u16le(in, "port");
    String host = VarString.read(in, "host", MAX_HOST_BYTES);
    return new HostAddress(host, port);
  }

  /** The host's UTF-8 bytes, checked against {@value #MAX_HOST_BYTES}. */
  byte[] hostUtf8() throws FieldTooLongException {
    return VarString.utf8(host, "host", MAX_HOST_BYTES);
  }

  /**
   * The encoded form: port then host.
   *
   * @throws FieldTooLongException when the host is longer than {@value #MAX_HOST_BYTES} bytes
   */
  public byte[] encode() throws FieldTooLongException {
    byte[] utf8 = hostUtf8();
    ByteBuffer out = ByteBuffer.allocate(2 + VarString.size(utf8));
    write(out, utf8);
    return out.array();
  }

  void write(ByteBuffer out, byte[] hostUtf8) {
    Wire.putU16le(out, port);
    VarString.write(out, hostUtf8);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
