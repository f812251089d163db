package io.signpost.grpc;

import static io.signpost.grpc.testing.Requests.request;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.signpost.grpc.server.PluginServer;
import io.signpost.grpc.testing.Requests;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop with an independent gRPC implementation, Debian's {@code python3-grpcio} (gRPC C-core):
 * Signpost's client calls the Python example plugin, and a Python client calls Signpost's Java
 * server SDK. Skipped, with the reason, when {@code /usr/bin/python3} cannot import {@code grpc}.
 */
class PythonInteropIT {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path EXAMPLE = Path.of("../examples/grpc-plugin-python/plugin_server.py");
  private static final Path CLIENT = Path.of("src/test/resources/python/onconnect_client.py");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+:\\d+)");

  @BeforeAll
  static void requirePythonGrpc() throws Exception {
    assumeTrue(
        Files.isExecutable(PYTHON), "skipped: " + PYTHON + " not found (install python3-grpcio)");
    Process probe =
        new ProcessBuilder(PYTHON.toString(), "-c", "import grpc")
            .redirectErrorStream(true)
            .start();
    boolean exited = probe.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (!exited) {
      probe.destroyForcibly();
    }
    assumeTrue(
        exited && probe.exitValue() == 0,
        "skipped: " + PYTHON + " cannot import grpc (apt-get install -y python3-grpcio)");
  }

  @Test
  void signpostClientCallsThePythonPlugin() throws Exception {
    Process python =
        new ProcessBuilder(PYTHON.toString(), EXAMPLE.toString(), "--listen", "127.0.0.1:0")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      String address = awaitAddress(python);
      try (GrpcPlugin plugin =
          GrpcPluginFactory.create("python", GrpcOptions.forAddress(address), Requests.context())) {
        ConnectResponse denied = call(plugin, "play.example.com", "Deny");
        assertThat(denied).isEqualTo(ConnectResponse.denied("denied by grpc plugin"));

        ConnectResponse repicked = call(plugin, "grpc.example.com", "alice");
        assertThat(repicked.deny()).isFalse();
        assertThat(repicked.backend()).isEqualTo(Backend.of("play.hyvane.com", 5520));
        assertThat(new String(repicked.referralContent(), UTF_8)).isEqualTo("grpc-plugin");

        ConnectResponse plain = call(plugin, "play.example.com", "alice");
        assertThat(plain.backend()).isNull();
        assertThat(new String(plain.referralContent(), UTF_8)).isEqualTo("grpc-plugin");
      }
    } finally {
      stop(python);
    }
  }

  @Test
  void pythonClientCallsTheJavaServerSdk() throws Exception {
    try (PluginServer server =
        PluginServer.builder(
                request ->
                    "deny".equals(request.event().username())
                        ? ConnectResponse.denied("no " + request.event().sni())
                        : new ConnectResponse(false, null, null, 1, null, null))
            .port(0)
            .build()
            .start()) {
      String address = "127.0.0.1:" + server.port();
      assertThat(PluginJson.decodeResponse(runClient(address, "deny")))
          .isEqualTo(ConnectResponse.denied("no play.example.com"));
      assertThat(PluginJson.decodeResponse(runClient(address, "alice")).selectedIndex())
          .isEqualTo(1);
    }
  }

  private static byte[] runClient(String address, String username) throws Exception {
    Process client =
        new ProcessBuilder(PYTHON.toString(), CLIENT.toString(), address)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      client
          .getOutputStream()
          .write(PluginJson.encodeRequest(request("play.example.com", username)));
      client.getOutputStream().close();
      CompletableFuture<byte[]> out =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return client.getInputStream().readAllBytes();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(client.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("client exited").isTrue();
      assertThat(client.exitValue()).as("client exit status").isZero();
      return out.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      client.destroyForcibly();
    }
  }

  private static ConnectResponse call(GrpcPlugin plugin, String sni, String username)
      throws Exception {
    return plugin
        .onConnect(request(sni, username), Deadline.after(Duration.ofSeconds(20)))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static String awaitAddress(Process python) throws Exception {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new BufferedReader(new InputStreamReader(python.getInputStream(), UTF_8))
                    .readLine();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    String first = line.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    Matcher m = LISTENING.matcher(String.valueOf(first));
    assertThat(m.find()).as("python plugin announced its address: %s", first).isTrue();
    return m.group(1);
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
