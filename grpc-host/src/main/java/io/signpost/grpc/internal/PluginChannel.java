package io.signpost.grpc.internal;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.signpost.file.BoundedFiles;
import io.signpost.grpc.GrpcOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Opens the one channel a gRPC plugin uses for all its calls: grpc-java over its shaded Netty,
 * plaintext or TLS, over TCP or a Unix domain socket ({@link GrpcTarget}), with the {@link
 * JsonContentType} rewrite and the response size bound.
 *
 * <p>The channel connects lazily on the first call and reconnects by itself with back-off;
 * callbacks run directly on the channel's transport threads (they only decode a bounded JSON
 * document and complete a future), so no thread pool of the router is involved.
 */
public final class PluginChannel {

  private PluginChannel() {}

  /**
   * Builds the channel.
   *
   * @throws IOException when a TLS file cannot be read or is not valid PEM
   * @throws IllegalStateException when the content-type rewrite does not fit the gRPC version
   */
  public static ManagedChannel open(GrpcOptions options) throws IOException {
    JsonContentType.check();
    InternalProtocolNegotiator.ProtocolNegotiator transport =
        options.tls() == null
            ? InternalProtocolNegotiators.plaintext()
            : InternalProtocolNegotiators.tls(sslContext(options.tls()));
    GrpcTarget target = GrpcTarget.parse(options.address());
    if (target == null) {
      throw new IllegalArgumentException(
          "address \"" + options.address() + "\" (expected: " + GrpcTarget.EXPECTED + ")");
    }
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(target.target())
            .maxInboundMessageSize(options.maxResponseBytes())
            .directExecutor()
            // One attempt per connect: the chain's deadline and the breaker decide what a failure
            // means, and retry buffering costs time on every call.
            .disableRetry()
            .userAgent("signpost");
    if (target.unixSocket()) {
      UnixSockets.configure(builder);
    }
    InternalNettyChannelBuilder.setProtocolNegotiatorFactory(
        builder, () -> JsonContentType.negotiator(transport));
    if (options.tls() != null && options.tls().serverName() != null) {
      builder.overrideAuthority(options.tls().serverName());
    }
    return builder.build();
  }

  /** TLS files are read with a cap and must be regular files, so a pipe or device never blocks. */
  private static SslContext sslContext(GrpcOptions.Tls tls) throws IOException {
    SslContextBuilder builder = GrpcSslContexts.forClient();
    if (tls.caFile() != null) {
      builder.trustManager(pem(tls.caFile(), "a CA certificate file"));
    }
    if (tls.certFile() != null && tls.keyFile() != null) {
      builder.keyManager(
          pem(tls.certFile(), "a certificate file"), pem(tls.keyFile(), "a private key file"));
    }
    return builder.build();
  }

  private static InputStream pem(Path file, String description) throws IOException {
    return new ByteArrayInputStream(
        BoundedFiles.read(file, BoundedFiles.PEM_FILE_MAX_BYTES, description));
  }
}
