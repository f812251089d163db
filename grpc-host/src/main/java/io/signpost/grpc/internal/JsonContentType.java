package io.signpost.grpc.internal;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelOutboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelPromise;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Makes grpc-java's client send {@code content-type: application/grpc+json}, as Hyrouter's Go
 * client does.
 *
 * <h2>Why</h2>
 *
 * A Go plugin server written like Hyrouter's example registers a codec named {@code json} and
 * grpc-go picks the codec from the content-subtype: a plain {@code application/grpc} request is
 * decoded as protobuf and fails. grpc-java hard-codes {@code application/grpc} and its maintainers
 * declined a subtype option (grpc-java issues 7321 and 10959), and a {@code ClientInterceptor}
 * cannot set the header (the transport strips it from metadata).
 *
 * <h2>How, and why this route</h2>
 *
 * grpc-java's Netty client starts each stream by writing a {@code CreateStreamCommand} (a
 * package-private class holding the request headers) through the channel pipeline to its HTTP/2
 * handler. {@link #negotiator} wraps the transport's protocol negotiator (plaintext or TLS) and
 * places an outbound handler between the channel's tail and that HTTP/2 handler; the handler
 * replaces each command of a {@code hyrouter.Plugin} call by an equal one whose headers carry the
 * JSON subtype (other calls, the standard health check, keep plain {@code application/grpc} and
 * protobuf). Everything else (HTTP/2, flow control, deadlines, trailers and {@code grpc-status},
 * message framing and size limits, reconnection with back-off, TLS) stays grpc-java's, which is far
 * less code to own than a second gRPC client on Netty's HTTP/2 codec. The price is reflection on
 * one package-private class of {@code grpc-netty-shaded}: the gRPC version is pinned in the parent
 * pom, {@link #check()} fails plugin creation loudly if the class changes shape, and {@code
 * ContentTypeHeaderIT} asserts the header a server actually receives. {@code grpc-netty-shaded}
 * carries its own relocated Netty, so the router's Netty 4.2 is not split.
 */
public final class JsonContentType {

  /** The content type Hyrouter's client sends. */
  public static final AsciiString VALUE = AsciiString.of("application/grpc+json");

  private static final AsciiString CONTENT_TYPE = AsciiString.of("content-type");
  private static final AsciiString PATH = AsciiString.of(":path");

  /** Calls of the plugin contract get the JSON subtype; others (the health check) keep protobuf. */
  private static final AsciiString PLUGIN_PATH =
      AsciiString.of("/" + OnConnectMethod.SERVICE + "/");

  private static final String COMMAND = "io.grpc.netty.shaded.io.grpc.netty.CreateStreamCommand";

  private static final Class<?> COMMAND_CLASS;
  private static final MethodHandle HEADERS;
  private static final MethodHandle STREAM;
  private static final MethodHandle COUNTED;
  private static final MethodHandle GET;
  private static final MethodHandle CONSTRUCT;
  private static final RuntimeException UNAVAILABLE;

  static {
    Class<?> type = null;
    MethodHandle headers = null, stream = null, counted = null, get = null, construct = null;
    RuntimeException failure = null;
    try {
      type = Class.forName(COMMAND, false, JsonContentType.class.getClassLoader());
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      headers = lookup.unreflect(accessible(type.getDeclaredMethod("headers")));
      Method streamMethod = accessible(type.getDeclaredMethod("stream"));
      stream = lookup.unreflect(streamMethod);
      counted = lookup.unreflect(accessible(type.getDeclaredMethod("shouldBeCountedForInUse")));
      get = lookup.unreflect(accessible(type.getDeclaredMethod("isGet")));
      Constructor<?> ctor =
          type.getDeclaredConstructor(
              Http2Headers.class, streamMethod.getReturnType(), boolean.class, boolean.class);
      ctor.setAccessible(true);
      construct = lookup.unreflectConstructor(ctor);
    } catch (ReflectiveOperationException | RuntimeException e) {
      failure =
          new IllegalStateException(
              "grpc-netty-shaded's "
                  + COMMAND
                  + " is not of the expected shape; "
                  + "the gRPC version differs from the one this module was built for",
              e);
    }
    COMMAND_CLASS = type;
    HEADERS = headers;
    STREAM = stream;
    COUNTED = counted;
    GET = get;
    CONSTRUCT = construct;
    UNAVAILABLE = failure;
  }

  private JsonContentType() {}

  private static Method accessible(Method method) {
    method.setAccessible(true);
    return method;
  }

  /**
   * Throws when the rewrite cannot work with the gRPC version on the class path.
   *
   * @throws IllegalStateException naming the class that changed
   */
  public static void check() {
    if (UNAVAILABLE != null) {
      throw UNAVAILABLE;
    }
  }

  /** {@code delegate} with the content-type rewrite added to every connection it negotiates. */
  public static InternalProtocolNegotiator.ProtocolNegotiator negotiator(
      InternalProtocolNegotiator.ProtocolNegotiator delegate) {
    check();
    return new InternalProtocolNegotiator.ProtocolNegotiator() {
      @Override
      public AsciiString scheme() {
        return delegate.scheme();
      }

      @Override
      public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new Installer(delegate.newHandler(grpcHandler));
      }

      @Override
      public void close() {
        delegate.close();
      }
    };
  }

  /** Puts the negotiation handler in its own place and the rewriter right after it. */
  private static final class Installer extends ChannelHandlerAdapter {
    private final ChannelHandler negotiation;

    Installer(ChannelHandler negotiation) {
      this.negotiation = negotiation;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      ctx.pipeline().addAfter(ctx.name(), null, new Rewriter());
      ctx.pipeline().replace(this, null, negotiation);
    }
  }

  /** Replaces the content type on each stream-creation command; passes everything else. */
  static final class Rewriter extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
        throws Exception {
      ctx.write(msg.getClass() == COMMAND_CLASS ? rewriteIfPluginCall(msg) : msg, promise);
    }
  }

  /** Looks for {@code :path} by iterating: grpc-java's outbound headers do not implement path(). */
  private static boolean isPluginCall(Http2Headers headers) {
    for (Map.Entry<CharSequence, CharSequence> header : headers) {
      if (AsciiString.contentEquals(header.getKey(), PATH)) {
        CharSequence path = header.getValue();
        return AsciiString.regionMatches(path, false, 0, PLUGIN_PATH, 0, PLUGIN_PATH.length());
      }
    }
    return false;
  }

  private static Object rewriteIfPluginCall(Object command) throws Exception {
    try {
      Http2Headers original = (Http2Headers) HEADERS.invoke(command);
      if (!isPluginCall(original)) {
        return command;
      }
      Http2Headers headers = new DefaultHttp2Headers(false, original.size());
      for (Map.Entry<CharSequence, CharSequence> header : original) {
        boolean isContentType = AsciiString.contentEqualsIgnoreCase(header.getKey(), CONTENT_TYPE);
        headers.add(header.getKey(), isContentType ? VALUE : header.getValue());
      }
      return CONSTRUCT.invoke(
          headers,
          STREAM.invoke(command),
          (boolean) COUNTED.invoke(command),
          (boolean) GET.invoke(command));
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
