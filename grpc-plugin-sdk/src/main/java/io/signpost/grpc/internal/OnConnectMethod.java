package io.signpost.grpc.internal;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one method of the plugin contract: {@code /hyrouter.Plugin/OnConnect}, unary, with messages
 * passed as raw bytes (the JSON documents of {@link io.signpost.plugin.PluginJson}); no protobuf.
 */
public final class OnConnectMethod {

  public static final String SERVICE = "hyrouter.Plugin";
  public static final String METHOD = "OnConnect";

  /** The descriptor shared by the client and the server SDK. */
  public static final MethodDescriptor<byte[], byte[]> DESCRIPTOR =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, METHOD))
          .setRequestMarshaller(RawBytes.INSTANCE)
          .setResponseMarshaller(RawBytes.INSTANCE)
          .build();

  private OnConnectMethod() {}

  /**
   * A message's bytes with their length known and drained in one write, so grpc-java frames them
   * without copying them through a buffer of its own first.
   */
  static final class Message extends ByteArrayInputStream implements KnownLength, Drainable {
    Message(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }

  /** Passes message bytes through untouched; grpc-java has already applied its size limit. */
  enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new Message(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try (stream) {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
