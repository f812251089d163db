package io.signpost.examples.grpc;

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
    Listen address = Listen.parse(listen);
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
    System.out.println("listening on " + Listen.parse(listen).withPort(server.port()));
    server.awaitTermination();
  }

  /** A {@code host:port} to listen on; IPv6 literals in brackets. */
  record Listen(String host, int port) {

    static Listen parse(String listen) {
      int colon = listen.lastIndexOf(':');
      String host = colon < 0 ? "" : listen.substring(0, colon);
      String port = colon < 0 ? "" : listen.substring(colon + 1);
      boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
      host = bracketed ? host.substring(1, host.length() - 1) : host;
      boolean hostValid = !host.isBlank() && (bracketed || host.matches("[^:\\[\\]]+"));
      boolean portValid = port.matches("[0-9]{1,5}") && Integer.parseInt(port) <= 65535;
      if (!hostValid || !portValid) {
        throw new IllegalArgumentException("listen: " + listen + " (expected: host:port)");
      }
      return new Listen(host, Integer.parseInt(port));
    }

    Listen withPort(int bound) {
      return new Listen(host, bound);
    }

    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
