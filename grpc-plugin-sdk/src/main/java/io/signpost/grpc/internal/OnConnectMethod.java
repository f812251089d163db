package io.signpost.grpc.internal;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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

  /** Passes message bytes through untouched; grpc-java has already applied its size limit. */
  enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
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
