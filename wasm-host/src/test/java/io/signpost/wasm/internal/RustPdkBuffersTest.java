package io.signpost.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.DeadlineTimer;
import io.signpost.plugin.PluginJson;
import io.signpost.wasm.WasmOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The Rust example, built with the Rust PDK (pdk/rust), reuses its request and response buffers: an
 * instance's memory stays flat over many calls, whatever the size of the requests, so it is never
 * recycled for growth.
 */
class RustPdkBuffersTest {
  /**
   * The limit of each instance creation and call: generous, since every call must succeed and the
   * first ones of a JVM run the module before the JIT has compiled it, many times slower on a busy
   * machine.
   */
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private static final byte[] CONFIG =
      "{\"deny_usernames\":[\"mallory\"],\"referral_prefix\":\"p\"}"
          .getBytes(StandardCharsets.UTF_8);

  private ScheduledExecutorService scheduler;
  private PluginInstance instance;
  private PluginModule module;

  @BeforeEach
  void start() {
    Path wasm = InternalFixtures.rustExample();
    module = PluginModule.load("rust-pdk", WasmOptions.of(wasm));
    scheduler = Executors.newSingleThreadScheduledExecutor();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GuestLog log =
        new GuestLog(
            "rust-pdk",
            LoggerFactory.getLogger("signpost.plugin.rust-pdk"),
            registry,
            System::nanoTime);
    InstanceServices services =
        new InstanceServices(
            new SignpostImports("rust-pdk", log, registry),
            log,
            new CallWatchdog(new DeadlineTimer(scheduler)));
    instance = PluginInstance.create(module, services, CONFIG, Deadline.after(LIMIT));
  }

  @AfterEach
  void stop() {
    instance.close();
    scheduler.shutdownNow();
  }

  @Test
  void exportsDeallocSoTheHostHandsBuffersBack() {
    assertThat(module.exports("dealloc")).isTrue();
    assertThat(instance.releasesBuffers()).isTrue();
  }

  @Test
  void memoryStaysFlatOverManyCallsOfDifferentSizes() {
    List<byte[]> requests = new ArrayList<>();
    for (int candidates : new int[] {1, 3, 40, 200}) {
      requests.add(PluginJson.encodeRequest(request("user" + candidates, candidates)));
    }
    // Over the PDK's 64 KiB reuse limit: a buffer of its own, freed again by dealloc.
    requests.add(PluginJson.encodeRequest(request("big", 2_000)));
    assertThat(requests.get(requests.size() - 1).length).isGreaterThan(64 * 1024);

    for (int round = 0; round < 20; round++) {
      requests.forEach(this::call);
    }
    long afterWarmUp = instance.memoryBytes();
    for (int round = 0; round < 100; round++) {
      requests.forEach(this::call);
    }
    assertThat(instance.memoryBytes()).isEqualTo(afterWarmUp);
  }

  @Test
  void answersAreTheSameWhicheverBufferTheRequestLandsIn() {
    String small = call(PluginJson.encodeRequest(request("alice", 3)));
    String big = call(PluginJson.encodeRequest(request("alice", 3, 80_000)));
    assertThat(big).isEqualTo(small).contains("\"selected_index\":");
  }

  private String call(byte[] request) {
    byte[] response = instance.call(request, Deadline.after(LIMIT), 1 << 20);
    return new String(response, StandardCharsets.UTF_8);
  }

  private static ConnectRequest request(String username, int candidates) {
    return request(username, candidates, 0);
  }

  /** A request with {@code candidates} backends and, optionally, a long ignored event field. */
  private static ConnectRequest request(String username, int candidates, int padding) {
    List<Backend> backends = new ArrayList<>();
    for (int i = 0; i < candidates; i++) {
      backends.add(Backend.of("10.0." + (i / 250) + "." + (i % 250 + 1), 5520));
    }
    ConnectEvent event =
        new ConnectEvent(
            "play.example.com",
            "x".repeat(padding),
            null,
            0,
            "6a1f0c2e-0000-4000-8000-00000000000" + (candidates % 10),
            username,
            "en",
            true,
            "hytale/2");
    return new ConnectRequest(event, "round_robin", backends, 0, backends.get(0), null);
  }
}
