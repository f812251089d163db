package io.signpost.grpc.internal;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The standard gRPC health check, {@code /grpc.health.v1.Health/Check}, with hand-written
 * marshallers for its two one-field messages, so that no protobuf runtime is needed:
 *
 * <pre>
 * message HealthCheckRequest { string service = 1; }
 * message HealthCheckResponse { ServingStatus status = 1; }
 * </pre>
 *
 * The request is the service name ({@code ""} for the server as a whole), the response its {@link
 * ServingStatus}. Unknown fields are skipped, as protobuf does.
 */
public final class HealthCheckMethod {

  public static final String SERVICE = "grpc.health.v1.Health";
  public static final String METHOD = "Check";

  /** {@code HealthCheckResponse.ServingStatus}. */
  public enum ServingStatus {
    UNKNOWN,
    SERVING,
    NOT_SERVING,
    SERVICE_UNKNOWN;

    /**
     * The status with this wire number; {@link #UNKNOWN} for numbers this version does not know.
     */
    static ServingStatus of(long number) {
      ServingStatus[] all = values();
      return number >= 0 && number < all.length ? all[(int) number] : UNKNOWN;
    }
  }

  /** The descriptor shared by the client and, in tests, fake servers. */
  public static final MethodDescriptor<String, ServingStatus> DESCRIPTOR =
      MethodDescriptor.<String, ServingStatus>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, METHOD))
          .setRequestMarshaller(new RequestMarshaller())
          .setResponseMarshaller(new ResponseMarshaller())
          .build();

  private static final int SERVICE_TAG = (1 << 3) | 2; // field 1, length-delimited
  private static final int STATUS_TAG = 1 << 3; // field 1, varint

  private HealthCheckMethod() {}

  private static final class RequestMarshaller implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String service) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] name = service.getBytes(StandardCharsets.UTF_8);
      if (name.length > 0) {
        writeVarint(out, SERVICE_TAG);
        writeVarint(out, name.length);
        out.writeBytes(name);
      }
      return new ByteArrayInputStream(out.toByteArray());
    }

    @Override
    public String parse(InputStream stream) {
      Fields fields = new Fields(readAll(stream));
      String service = "";
      while (fields.next()) {
        if (fields.tag == SERVICE_TAG) {
          service = new String(fields.bytes(), StandardCharsets.UTF_8);
        } else {
          fields.skip();
        }
      }
      return service;
    }
  }

  private static final class ResponseMarshaller
      implements MethodDescriptor.Marshaller<ServingStatus> {
    @Override
    public InputStream stream(ServingStatus status) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (status.ordinal() != 0) {
        writeVarint(out, STATUS_TAG);
        writeVarint(out, status.ordinal());
      }
      return new ByteArrayInputStream(out.toByteArray());
    }

    @Override
    public ServingStatus parse(InputStream stream) {
      Fields fields = new Fields(readAll(stream));
      ServingStatus status = ServingStatus.UNKNOWN;
      while (fields.next()) {
        if (fields.tag == STATUS_TAG) {
          status = ServingStatus.of(fields.varint());
        } else {
          fields.skip();
        }
      }
      return status;
    }
  }

  /** Walks the fields of one protobuf message. */
  private static final class Fields {
    private final byte[] data;
    private int position;
    long tag;

    Fields(byte[] data) {
      this.data = data;
    }

    boolean next() {
      if (position >= data.length) {
        return false;
      }
      tag = varint();
      return true;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = data[checked(1)];
        position++;
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes (expected: a protobuf)");
    }

    byte[] bytes() {
      long length = varint();
      if (length < 0 || length > data.length - position) {
        throw new IllegalArgumentException(
            "field length " + length + " exceeds the message (expected: a protobuf)");
      }
      int start = checked((int) length);
      position += (int) length;
      return java.util.Arrays.copyOfRange(data, start, start + (int) length);
    }

    void skip() {
      switch ((int) (tag & 7)) {
        case 0 -> varint();
        case 1 -> position = checked(8) + 8;
        case 2 -> bytes();
        case 5 -> position = checked(4) + 4;
        default ->
            throw new IllegalArgumentException(
                "wire type " + (tag & 7) + " (expected: 0, 1, 2 or 5)");
      }
    }

    private int checked(int length) {
      if (length > data.length - position) {
        throw new IllegalArgumentException("message truncated (expected: a protobuf)");
      }
      return position;
    }
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static byte[] readAll(InputStream stream) {
    try (stream) {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
