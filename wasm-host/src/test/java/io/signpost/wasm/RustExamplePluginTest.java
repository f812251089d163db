package io.signpost.wasm;

import static io.signpost.wasm.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs examples/rust-plugin/plugin.wasm, the example built with Debian's Rust toolchain. */
class RustExamplePluginTest {
  private static final String CONFIG =
      "{\"deny_usernames\":[\"mallory\",\"eve\"],\"referral_prefix\":\"fleet-a\"}";

  private static Fixtures.TestContext ctx;
  private static Plugin plugin;

  @BeforeAll
  static void load() {
    assertThat(Files.isRegularFile(Fixtures.rustExample())).isTrue();
    ctx = new Fixtures.TestContext();
    plugin =
        WasmPlugins.load(
            "rust-example",
            WasmOptions.of(Fixtures.rustExample()).withPoolSize(2),
            Fixtures.json(CONFIG),
            Duration.ofSeconds(30),
            ctx.context);
  }

  @AfterAll
  static void close() {
    plugin.close();
    ctx.close();
  }

  private static ConnectResponse call(ConnectRequest request) {
    return plugin.onConnect(request, Deadline.after(Duration.ofSeconds(30))).join();
  }

  @Test
  void deniesUsernamesListedInItsConfig() {
    ConnectResponse response = call(request("mallory", "u-1"));
    assertThat(response.deny()).isTrue();
    assertThat(response.denyReason()).isEqualTo("user mallory is not allowed");
    assertThat(
            ctx.registry
                .get("signpost.plugin.custom")
                .tag("plugin", "rust-example")
                .tag("counter", "denied")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void picksABackendByUuidHashAndSetsReferralContent() {
    String uuid = "4f3c2a10-0000-4000-8000-000000000001";
    ConnectResponse response = call(request("alice", uuid));
    int expected = (int) Long.remainderUnsigned(fnv1a(uuid), 3);
    assertThat(response.deny()).isFalse();
    assertThat(response.selectedIndex()).isEqualTo(expected);
    String host = "10.0.0." + (expected + 1);
    int port = expected == 2 ? 5521 : 5520;
    assertThat(new String(response.referralContent(), StandardCharsets.UTF_8))
        .isEqualTo("fleet-a;uuid=" + uuid + ";backend=" + host + ":" + port);
  }

  @Test
  void concurrentCallersEachGetTheAnswerToTheirOwnRequest() throws Exception {
    int threads = 8;
    int callsPerThread = 100;
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      results.add(
          callers.submit(
              () -> {
                start.await();
                int matched = 0;
                for (int i = 0; i < callsPerThread; i++) {
                  String uuid = "uuid-" + thread + "-" + i;
                  CompletableFuture<ConnectResponse> f =
                      plugin.onConnect(
                          request("user" + thread, uuid), Deadline.after(Duration.ofSeconds(30)));
                  String content = new String(f.join().referralContent(), StandardCharsets.UTF_8);
                  if (content.startsWith("fleet-a;uuid=" + uuid + ";")) {
                    matched++;
                  }
                }
                return matched;
              }));
    }
    start.countDown();
    int matched = 0;
    for (Future<Integer> r : results) {
      matched += r.get();
    }
    callers.shutdown();
    assertThat(matched).isEqualTo(threads * callsPerThread);
    assertThat(
            ctx.registry
                .get("signpost.wasm.pool.size")
                .tag("plugin", "rust-example")
                .gauge()
                .value())
        .isBetween(1.0, 2.0);
    assertThat(
            ctx.registry
                .get("signpost.wasm.pool.waits")
                .tag("plugin", "rust-example")
                .counter()
                .count())
        .as("8 callers share 2 instances")
        .isGreaterThan(0.0);
  }

  @Test
  void answersWithoutAUuidChangeNothing() {
    ConnectResponse response = call(request("alice", null));
    assertThat(response).isEqualTo(ConnectResponse.EMPTY);
  }

  static long fnv1a(String s) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
