package io.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signpost.decision.DecisionLog;
import io.signpost.decision.DecisionTrace;
import io.signpost.decision.Outcome;
import io.signpost.decision.TracePrivacy;
import io.signpost.decision.Traces;
import io.signpost.metrics.JvmMetrics;
import io.signpost.metrics.RouterMetrics;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginException;
import io.signpost.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerIT {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A readiness whose answers the test sets. */
  static final class FakeReadiness implements Readiness {
    final AtomicBoolean listening = new AtomicBoolean(true);
    final List<PluginStatus> plugins = new CopyOnWriteArrayList<>();

    @Override
    public boolean listening() {
      return listening.get();
    }

    @Override
    public List<PluginStatus> plugins() {
      return List.copyOf(plugins);
    }
  }

  private final PrometheusMeterRegistry registry = RouterMetrics.newPrometheusRegistry();
  private final RouterMetrics metrics = new RouterMetrics(registry);
  private final DecisionLog decisions = new DecisionLog(5);
  private final FakeReadiness readiness = new FakeReadiness();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  private AdminServer server;
  private InetSocketAddress address;

  @BeforeEach
  void start() throws IOException {
    server = new AdminServer(new InetSocketAddress("127.0.0.1", 0), registry, readiness, decisions);
    address = server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + address.getPort() + path);
  }

  @Test
  void metricsServesRecordedValuesInPrometheusText() throws Exception {
    metrics.recordDecision(Traces.referral("a", "default", "10.0.0.1:5520"));
    metrics.recordDecision(Traces.referral("b", "default", "10.0.0.1:5520"));
    metrics.recordDecision(
        Traces.withSteps(
            Outcome.DENY,
            "routes[0]",
            List.of(
                Traces.ok("geo", "selected_index=1"),
                Traces.failed("auth", PluginException.Kind.TIMEOUT, OnError.DENY))));
    metrics.connectionAccepted();

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body().lines())
        .contains(
            "signpost_decisions_total{outcome=\"referral\",route=\"default\"} 2.0",
            "signpost_decisions_total{outcome=\"deny\",route=\"routes[0]\"} 1.0",
            "signpost_backend_selected_total{backend=\"10.0.0.1:5520\",route=\"default\"} 2.0",
            "signpost_decision_duration_seconds_count{outcome=\"referral\"} 2",
            "signpost_plugin_calls_total{plugin=\"geo\",result=\"ok\"} 1.0",
            "signpost_plugin_calls_total{plugin=\"auth\",result=\"failure\"} 1.0",
            "signpost_plugin_failures_total{kind=\"timeout\",plugin=\"auth\",policy=\"deny\"} 1.0",
            "signpost_plugin_repicks_total{plugin=\"geo\"} 1.0",
            "signpost_connections_accepted_total 1.0",
            "signpost_connections_active 1.0",
            "signpost_handshakes_failed_total{reason=\"tls\"} 0.0");
    assertThat(response.body())
        .contains("signpost_decision_duration_seconds_bucket{outcome=\"referral\",le=");
  }

  @Test
  void jvmMetricsAppearOnceBound() throws Exception {
    JvmMetrics jvm = RouterMetrics.bindJvm(registry);
    try {
      String body = get("/metrics").body();
      assertThat(body)
          .contains(
              "jvm_memory_used_bytes",
              "jvm_threads_live_threads",
              "jvm_classes_loaded_classes",
              "jvm_gc_",
              "process_uptime_seconds",
              "system_cpu_count",
              "process_files_open_files");
    } finally {
      jvm.close();
    }
  }

  @Test
  void healthzIsOk() throws Exception {
    HttpResponse<String> response = get("/healthz");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
  }

  @Test
  void readyzFollowsListenerAndFailClosedPlugins() throws Exception {
    readiness.plugins.add(new Readiness.PluginStatus("auth", true, OnError.DENY));
    readiness.plugins.add(new Readiness.PluginStatus("geo", false, OnError.CONTINUE));

    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = MAPPER.readTree(ready.body());
    assertThat(body.get("status").asText()).isEqualTo("ready");
    assertThat(body.get("degraded").toString()).isEqualTo("[\"plugin:geo\"]");

    readiness.plugins.set(0, new Readiness.PluginStatus("auth", false, OnError.DENY));
    HttpResponse<String> pluginDown = get("/readyz");
    assertThat(pluginDown.statusCode()).isEqualTo(503);
    assertThat(MAPPER.readTree(pluginDown.body()).get("not_ready").toString())
        .isEqualTo("[\"plugin:auth\"]");

    readiness.plugins.set(0, new Readiness.PluginStatus("auth", true, OnError.DENY));
    readiness.listening.set(false);
    HttpResponse<String> notListening = get("/readyz");
    assertThat(notListening.statusCode()).isEqualTo(503);
    JsonNode down = MAPPER.readTree(notListening.body());
    assertThat(down.get("status").asText()).isEqualTo("not_ready");
    assertThat(down.get("listening").asBoolean()).isFalse();
    assertThat(down.get("not_ready").toString()).isEqualTo("[\"listener\"]");

    readiness.listening.set(true);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void readyzGivesTheReasonOfEveryPluginThatIsNotReady() throws Exception {
    readiness.plugins.add(
        new Readiness.PluginStatus(
            "auth", false, OnError.DENY, "not ready: all 4 instances busy past their deadline"));
    readiness.plugins.add(
        new Readiness.PluginStatus(
            "geo",
            false,
            OnError.CONTINUE,
            "failing: 37 calls failed in the last 12 s (last: timeout: no answer within 1s)"));
    readiness.plugins.add(new Readiness.PluginStatus("ok", true, OnError.DENY));

    HttpResponse<String> response = get("/readyz");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = MAPPER.readTree(response.body());
    assertThat(body.get("not_ready").toString()).isEqualTo("[\"plugin:auth\"]");
    assertThat(body.get("degraded").toString()).isEqualTo("[\"plugin:geo\"]");
    assertThat(body.get("reasons"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "plugin:auth not ready: all 4 instances busy past their deadline",
            "plugin:geo failing: 37 calls failed in the last 12 s"
                + " (last: timeout: no answer within 1s)");
    assertThat(body.get("plugins").get(0).get("reason").asText())
        .isEqualTo("not ready: all 4 instances busy past their deadline");
    assertThat(body.get("plugins").get(2).get("reason").isNull()).isTrue();
  }

  @Test
  void decisionsAreNewestFirstRedactedAndLimited() throws Exception {
    for (String name : List.of("alice", "bob", "carol")) {
      decisions.add(
          DecisionTrace.builder(TracePrivacy.DEFAULT)
              .event(
                  new ConnectEvent(
                      "play-" + name.length() + ".example.com",
                      null,
                      null,
                      null,
                      "123e4567-e89b-12d3-a456-426614174000",
                      name,
                      null,
                      true,
                      "hytale/2"))
              .client(new InetSocketAddress("192.0.2.7", 40000))
              .route("default", "random")
              .outcome(Outcome.NO_BACKENDS, "no backends")
              .build());
    }

    HttpResponse<String> response = get("/debug/decisions");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).doesNotContain("alice", "123e4567", "192.0.2.7");
    JsonNode list = MAPPER.readTree(response.body()).get("decisions");
    assertThat(MAPPER.readTree(response.body()).get("omitted").asInt())
        .as("every trace fits in the answer's budget")
        .isZero();
    assertThat(list)
        .extracting(t -> t.get("sni").asText())
        .containsExactly("play-5.example.com", "play-3.example.com", "play-5.example.com");
    assertThat(list)
        .extracting(t -> t.get("username").asText())
        .containsExactly("ca***", "b***", "al***");
    assertThat(list.get(0).get("outcome").asText()).isEqualTo("no_backends");

    JsonNode limited = MAPPER.readTree(get("/debug/decisions?limit=1").body()).get("decisions");
    assertThat(limited)
        .extracting(t -> t.get("sni").asText())
        .containsExactly("play-5.example.com");
    assertThat(
            MAPPER
                .readTree(get("/debug/decisions?limit=1").body())
                .get("decisions")
                .get(0)
                .get("username")
                .asText())
        .isEqualTo("ca***");

    HttpResponse<String> bad = get("/debug/decisions?limit=x");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("limit: \"x\" (expected: an integer >= 0)\n");
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);

    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET");
    assertThat(send(HttpRequest.newBuilder(uri("/readyz")).DELETE()).statusCode()).isEqualTo(405);
  }

  @Test
  void oversizedRequestsAreRefused() throws Exception {
    HttpResponse<String> big =
        send(
            HttpRequest.newBuilder(uri("/healthz"))
                .method(
                    "GET",
                    HttpRequest.BodyPublishers.ofString(
                        "x".repeat(AdminServer.MAX_REQUEST_BYTES + 1))));
    assertThat(big.statusCode()).isEqualTo(413);

    String status =
        rawStatusLine(
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "y".repeat(AdminServer.MAX_HEADER_BYTES + 1)
                + "\r\n\r\n");
    assertThat(status).startsWith("HTTP/1.1 431");

    String longLine =
        rawStatusLine(
            "GET /healthz?"
                + "q".repeat(AdminServer.MAX_HEADER_BYTES + 1)
                + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(longLine).startsWith("HTTP/1.1 414");

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                  + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(3);
    }
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    server.close();
    server =
        new AdminServer(
            new InetSocketAddress("127.0.0.1", 0),
            registry,
            readiness,
            decisions,
            Duration.ofMillis(200));
    address = server.start();
    try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
      socket.setSoTimeout(20_000);
      long started = System.nanoTime();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("closed at the 200 ms idle timeout, not the default %s", AdminServer.IDLE_TIMEOUT)
          .isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void closedServerRefusesConnections() throws Exception {
    server.close();
    server.close();
    assertThat(canConnect(address.getPort())).isFalse();
  }

  @Test
  void bindFailureIsReportedAsIOException() {
    AdminServer second = new AdminServer(address, registry, readiness, decisions);
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
          .isInstanceOf(IOException.class);
    } finally {
      second.close();
    }
  }

  /**
   * A client that sends request after request on one connection and never reads the answers: the
   * router answers until the connection's buffers are full and then stops reading, so the client's
   * writes block; it does not read on and hold an answer for every request. 50,000 requests of 4 KB
   * (200 MB) against answers of a few KB: the buffers fill long before the last request.
   */
  @Test
  void aClientThatDoesNotReadItsAnswersIsNotReadFurther() throws Exception {
    for (int i = 0; i < 5; i++) {
      decisions.add(Traces.referral("play-" + i + ".example.com", "default", "10.0.0.1:5520"));
    }
    byte[] request =
        ("GET /debug/decisions HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(4_000) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket()) {
      // A small receive buffer here, and requests far beyond any kernel's buffers, so the result
      // does not depend on how the machine's socket buffers are tuned.
      socket.setReceiveBufferSize(64 << 10);
      socket.connect(new InetSocketAddress("127.0.0.1", address.getPort()));
      socket.setSoTimeout(30_000);
      Thread writer =
          new Thread(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  for (int i = 0; i < 50_000; i++) {
                    out.write(request);
                  }
                } catch (IOException e) {
                  // the test closed the socket while the write was blocked
                }
              });
      writer.setDaemon(true);
      writer.start();
      writer.join(10_000);

      assertThat(writer.isAlive())
          .as("the client's writes block: the router stopped reading what it could not answer")
          .isTrue();
      // A JSON body ends without a newline, so the next status line follows it on the same line.
      InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
      int answers = 0;
      for (String line = readLine(in); line != null && answers < 100; line = readLine(in)) {
        for (int at = line.indexOf("HTTP/1.1 "); at >= 0; at = line.indexOf("HTTP/1.1 ", at + 1)) {
          assertThat(line.substring(at)).startsWith("HTTP/1.1 200 OK");
          answers++;
        }
      }
      assertThat(answers).as("the answers made come").isGreaterThanOrEqualTo(100);
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndTheOthersServed() throws Exception {
    List<Socket> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < AdminServer.MAX_CONNECTIONS; i++) {
        Socket socket = new Socket("127.0.0.1", address.getPort());
        socket.setSoTimeout(30_000);
        open.add(socket);
      }
      // Every one of them is accepted and answered before the one too many connects.
      for (Socket socket : open) {
        socket
            .getOutputStream()
            .write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(socket.getInputStream())).isEqualTo("HTTP/1.1 200 OK");
      }
      try (Socket extra = new Socket("127.0.0.1", address.getPort())) {
        extra.setSoTimeout(30_000);
        assertThat(extra.getInputStream().read()).as("closed at once").isEqualTo(-1);
      }
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
    }
    // Closed connections free their places.
    Await.until(this::healthy);
  }

  /** Whether {@code /healthz} answers 200 now; a refused or closed connection is a no. */
  private boolean healthy() {
    try {
      return get("/healthz").statusCode() == 200;
    } catch (IOException e) {
      return false; // closed as one too many while the others' closes were still arriving
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aConnectionIsReadOnAfterTheRouterRefusedAnExpectedBody() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("POST /admin/reload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                      + "Content-Length: "
                      + (AdminServer.MAX_REQUEST_BYTES + 1)
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertThat(readLine(in)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        // the rest of the 413's head
      }
      socket
          .getOutputStream()
          .write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String next = readLine(in);
      while (next != null && !next.startsWith("HTTP/1.1 ")) {
        next = readLine(in); // a body the 413 may have had
      }
      assertThat(next).isEqualTo("HTTP/1.1 200 OK");
    }
  }

  @Test
  void requestsSentAtOnceAreAnsweredInOrder() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      List<String> statuses = new java.util.ArrayList<>();
      for (String line = readLine(in); line != null; line = readLine(in)) {
        if (line.startsWith("HTTP/1.1 ")) {
          statuses.add(line);
        }
      }
      assertThat(statuses)
          .containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK");
    }
  }

  /** The next line without its end, or null at the end of the stream. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c = in.read();
    if (c == -1) {
      return null;
    }
    for (; c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private String rawStatusLine(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  private static boolean canConnect(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
