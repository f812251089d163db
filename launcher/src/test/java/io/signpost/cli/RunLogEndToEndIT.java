package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.runtime.BuildInfo;
import io.signpost.runtime.RunningRouter;
import io.signpost.server.QuicTestClient;
import io.signpost.server.QuicTestClient.Request;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signpost run} as its own process with the shipped logback.xml: the configuration found
 * through {@code SIGNPOST_CONFIG}, {@code logging.format: json} on stdout, the build in the first
 * line, a decision line with its fields as keys, and a clean stop on SIGTERM.
 */
class RunLogEndToEndIT {

  /** Seconds to wait for an expected line: generous, the subprocess starts a JVM. */
  private static final long WAIT_SECONDS = 120;

  private static final Pattern LISTENING =
      Pattern.compile("signpost listening on udp /?([^ ,]+):(\\d+)");

  @TempDir Path dir;

  private Process process;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void jsonLinesOnStdoutWithTheDecisionsFieldsAsKeys() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            listen: "127.0.0.1:0"
            admin:
              listen: ""
            logging:
              format: json
            limits:
              connect_timeout: 60s
              shutdown_grace: 1s
            routing:
              routes:
                - match: {hostname: play.example.com}
                  pool:
                    strategy: round_robin
                    backends: [{host: game-1.internal, port: 5601}]
            """);
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "-Dlogback.configurationFile="
                + Path.of(LogOutput.class.getResource("/logback.xml").toURI()),
            SignpostCommand.class.getName(),
            "run");
    builder.environment().put(ConfigOptions.CONFIG_ENV, config.toString());
    process = builder.start();
    Thread out = pump(process.getInputStream(), stdout::add);
    Thread err = pump(process.getErrorStream(), stderr::add);

    JsonNode first = json(nextLine());
    assertThat(first.get("message").asText())
        .isEqualTo("signpost " + BuildInfo.current().describe() + " starting, config " + config);
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("logger").asText()).isEqualTo("io.signpost.cli");

    InetSocketAddress address = null;
    while (address == null) {
      Matcher m = LISTENING.matcher(json(nextLine()).get("message").asText());
      if (m.find()) {
        address = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
      }
    }
    try (QuicTestClient client = new QuicTestClient(1)) {
      RunningRouter.Answer answer =
          RunningRouter.Answer.of(
              client
                  .exchange(
                      Request.of(address, "play.example.com", RunningRouter.connect("alice", null)))
                  .get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertThat(answer.isReferral()).as(answer.toString()).isTrue();
    }

    JsonNode decision = null;
    while (decision == null) {
      JsonNode line = json(nextLine());
      if ("answered".equals(line.path("event").asText())) {
        decision = line;
      }
    }
    assertThat(decision.get("message").asText()).startsWith("answered sni=play.example.com");
    assertThat(decision.get("logger").asText()).isEqualTo("io.signpost.server.QuicListener");
    assertThat(decision.get("sni").asText()).isEqualTo("play.example.com");
    assertThat(decision.get("alpn").asText()).isEqualTo("hytale/2");
    assertThat(decision.get("outcome").asText()).isEqualTo("referral");
    assertThat(decision.get("route").asText()).isEqualTo("routes[0]");
    assertThat(decision.get("backend").asText()).isEqualTo("game-1.internal:5601");
    assertThat(decision.get("duration_ms").isIntegralNumber()).isTrue();
    assertThat(decision.has("client")).isFalse();

    // SIGTERM; Process.destroy() would also close the pipes and lose the last lines.
    assertThat(process.toHandle().destroy()).isTrue();
    assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    out.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    err.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    assertThat(process.exitValue()).as(String.join("\n", stderr)).isZero();
    List<String> rest = List.copyOf(stdout);
    assertThat(rest)
        .anySatisfy(line -> assertThat(json(line).get("message").asText()).isEqualTo("stopped"));
  }

  private String nextLine() throws InterruptedException {
    String line = stdout.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(line)
        .as("a line on stdout within %ss; stderr: %s", WAIT_SECONDS, stderr)
        .isNotNull();
    return line;
  }

  private static JsonNode json(String line) {
    try {
      JsonNode node = new ObjectMapper().readTree(line);
      assertThat(node.isObject()).as(line).isTrue();
      return node;
    } catch (IOException e) {
      throw new AssertionError("not a JSON object: " + line, e);
    }
  }

  private static Thread pump(java.io.InputStream in, java.util.function.Consumer<String> sink) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                reader.lines().forEach(sink);
              } catch (IOException e) {
                // the process ended
              }
            },
            "run-log-pump");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
