package io.signpost.examples.grpc;

import io.signpost.config.ListenAddress;
import io.signpost.grpc.server.PluginServer;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Hyrouter's example gRPC plugin, in Java on Signpost's plugin SDK: deny the username {@code deny},
 * send clients whose SNI contains {@code grpc} to {@code play.hyvane.com:5520}, and set the
 * referral content to {@code grpc-plugin}.
 *
 * <p>Run with {@code examples/grpc-plugin-java/run.sh [--listen HOST:PORT]} (default {@code
 * 127.0.0.1:7777}); Ctrl-C stops it gracefully.
 */
public final class ExampleGrpcPlugin {

  private ExampleGrpcPlugin() {}

  /** The plugin's whole logic. */
  public static ConnectResponse onConnect(ConnectRequest request) {
    String username = request.event().username();
    if (username != null && username.equalsIgnoreCase("deny")) {
      return ConnectResponse.denied("denied by grpc plugin");
    }
    Backend backend =
        request.event().sni().toLowerCase(Locale.ROOT).contains("grpc")
            ? Backend.of("play.hyvane.com", 5520)
            : null;
    byte[] referral = "grpc-plugin".getBytes(StandardCharsets.UTF_8);
    return new ConnectResponse(false, null, null, null, backend, referral);
  }

  /**
   * Starts serving on {@code listen} ({@code host:port} or {@code [ipv6]:port}; port 0 picks a free
   * one).
   *
   * @throws IllegalArgumentException when {@code listen} is not of that form
   * @throws java.io.IOException when the address cannot be bound
   */
  public static PluginServer start(String listen) throws java.io.IOException {
    ListenAddress address = listenAddress(listen);
    return PluginServer.builder(ExampleGrpcPlugin::onConnect)
        .host(address.host())
        .port(address.port())
        .build()
        .start();
  }

  public static void main(String[] args) throws Exception {
    String listen = args.length == 2 && args[0].equals("--listen") ? args[1] : "127.0.0.1:7777";
    PluginServer server = start(listen);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "plugin-shutdown"));
    System.out.println(
        "listening on " + new ListenAddress(listenAddress(listen).host(), server.port()));
    server.awaitTermination();
  }

  private static ListenAddress listenAddress(String listen) {
    ListenAddress address;
    try {
      address = ListenAddress.parse(listen);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("listen: " + listen + ": " + e.getMessage(), e);
    }
    if (address.isWildcard()) {
      throw new IllegalArgumentException("listen: " + listen + " (expected: host:port)");
    }
    return address;
  }
}
