package io.signpost.cli;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.signpost.examples.grpc.ExampleGrpcPlugin;
import io.signpost.grpc.server.PluginServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The repository's example plugins as the end-to-end test and the connect benchmark use them: the
 * Rust Wasm example's committed module, the Java gRPC example started in-process, and {@code
 * dev/config.plugins.dev.yaml} pointed at both.
 */
final class ExamplePlugins {

  /** The address dev/config.plugins.dev.yaml expects the gRPC example on. */
  static final String DEV_GRPC_ADDRESS = "127.0.0.1:7777";

  /** The Wasm path dev/config.plugins.dev.yaml names, relative to the repository root. */
  static final String DEV_WASM_PATH = "examples/rust-plugin/plugin.wasm";

  private ExamplePlugins() {}

  /**
   * The repository root: the working directory (Maven run from the root, as {@code exec:java} does)
   * or its parent (Surefire runs in the module directory).
   */
  static Path root() {
    for (Path candidate : List.of(Path.of(""), Path.of(".."))) {
      Path abs = candidate.toAbsolutePath().normalize();
      if (Files.isRegularFile(abs.resolve(DEV_WASM_PATH))) {
        return abs;
      }
    }
    throw new IllegalStateException(
        DEV_WASM_PATH + " not found in " + Path.of("").toAbsolutePath() + " or its parent");
  }

  /** The Rust example's module, absolute. */
  static Path rustWasm() {
    return root().resolve(DEV_WASM_PATH);
  }

  /** Starts the Java example gRPC plugin on a free loopback port. */
  static PluginServer startGrpcExample() {
    try {
      return ExampleGrpcPlugin.start("127.0.0.1:0");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The Java gRPC example's handler, {@link PluginServer#service served} on threads of its own
   * ({@code plugin-server-loop}, {@code plugin-server-call}) on a free loopback port, so that a
   * benchmark can tell the plugin's CPU time from the router's gRPC client, whose threads otherwise
   * share gRPC's default names.
   */
  static OwnThreadsServer startGrpcExampleOnOwnThreads() {
    EventLoopGroup loops =
        new NioEventLoopGroup(1, new DefaultThreadFactory("plugin-server-loop", true));
    ExecutorService calls =
        Executors.newFixedThreadPool(2, new DefaultThreadFactory("plugin-server-call", true));
    try {
      Server server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .bossEventLoopGroup(loops)
              .workerEventLoopGroup(loops)
              .channelType(NioServerSocketChannel.class)
              .executor(calls)
              .addService(PluginServer.service(ExampleGrpcPlugin::onConnect))
              .build()
              .start();
      return new OwnThreadsServer(server, loops, calls);
    } catch (IOException e) {
      loops.shutdownGracefully();
      calls.shutdown();
      throw new UncheckedIOException(e);
    }
  }

  /** See {@link #startGrpcExampleOnOwnThreads}. Closing stops the server and its threads. */
  record OwnThreadsServer(Server server, EventLoopGroup loops, ExecutorService calls)
      implements AutoCloseable {
    int port() {
      return server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
      server.shutdown().awaitTermination(5, TimeUnit.SECONDS);
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      calls.shutdown();
    }
  }

  /**
   * The text of {@code dev/config.plugins.dev.yaml} with the gRPC plugin's address replaced by
   * {@code 127.0.0.1:grpcPort} and the Wasm path made absolute.
   */
  static String devPluginConfig(int grpcPort) {
    String text;
    try {
      text =
          Files.readString(root().resolve("dev/config.plugins.dev.yaml"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!text.contains(DEV_GRPC_ADDRESS) || !text.contains("path: " + DEV_WASM_PATH)) {
      throw new IllegalStateException(
          "dev/config.plugins.dev.yaml no longer names "
              + DEV_GRPC_ADDRESS
              + " and "
              + DEV_WASM_PATH);
    }
    return text.replace(DEV_GRPC_ADDRESS, "127.0.0.1:" + grpcPort)
        .replace("path: " + DEV_WASM_PATH, "path: " + rustWasm());
  }
}
