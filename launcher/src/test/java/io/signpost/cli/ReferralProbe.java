package io.signpost.cli;

import io.signpost.config.ListenAddress;
import io.signpost.runtime.RouterBenchmark;
import io.signpost.runtime.RunningRouter;
import io.signpost.server.QuicTestClient;
import io.signpost.server.QuicTestClient.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client against a router running elsewhere, for deploy/test-image.sh: connects over QUIC with
 * a Connect, expects a ClientReferral to the given backend, then reads the admin endpoint. Not a
 * test: run {@code mvn -q -pl launcher -am test-compile -Preferral-probe -Dprobe.args="..."}.
 *
 * <p>Options: {@code --server host:port} (required), {@code --sni NAME} ({@code play.example.com}),
 * {@code --expect-backend host:port} (required), {@code --admin host:port} (optional: {@code
 * /readyz} must answer 200 and {@code /metrics} carry {@code signpost_build_info}). Fails with an
 * exception, which fails the Maven run.
 */
public final class ReferralProbe {

  private ReferralProbe() {}

  public static void main(String[] args) throws Exception {
    List<String> argv = Arrays.asList(args);
    ListenAddress server = ListenAddress.parse(required(argv, "--server"));
    String sni = RouterBenchmark.option(argv, "--sni", "play.example.com");
    String expected = required(argv, "--expect-backend");
    String admin = RouterBenchmark.option(argv, "--admin", "");

    long started = System.nanoTime();
    RunningRouter.Answer answer;
    try (QuicTestClient client = new QuicTestClient(1)) {
      answer =
          RunningRouter.Answer.of(
              client
                  .exchange(
                      Request.of(
                          server.toSocketAddress(), sni, RunningRouter.connect("probe", null)))
                  .get(QuicTestClient.DEFAULT_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (!answer.isReferral()) {
      throw new IllegalStateException(
          "expected a ClientReferral from " + server + ", got " + answer);
    }
    String target =
        answer.referralPacket().target().host() + ":" + answer.referralPacket().target().port();
    if (!target.equals(expected)) {
      throw new IllegalStateException("referral to " + target + " (expected: " + expected + ")");
    }
    System.out.println(
        "probe: referral to "
            + target
            + " from "
            + server
            + " in "
            + millis
            + " ms (first handshake of this JVM)");

    if (!admin.isEmpty()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
      HttpResponse<String> ready = get(http, admin, "/readyz");
      if (ready.statusCode() != 200) {
        throw new IllegalStateException(
            "/readyz answered " + ready.statusCode() + ": " + ready.body());
      }
      String build =
          get(http, admin, "/metrics")
              .body()
              .lines()
              .filter(line -> line.startsWith("signpost_build_info{"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("/metrics has no signpost_build_info"));
      System.out.println("probe: /readyz 200, " + build);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String admin, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://" + admin + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String required(List<String> argv, String name) {
    String value = RouterBenchmark.option(argv, name, "");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
