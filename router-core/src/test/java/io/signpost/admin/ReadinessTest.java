package io.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.admin.Readiness.PluginStatus;
import io.signpost.chain.PluginChain;
import io.signpost.log.FakeTicker;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.OnError;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginHealth;
import io.signpost.plugin.PluginTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private static final ConnectRequest REQUEST =
      new ConnectRequest(
          new ConnectEvent("play.example.com", null, null, null, null, "alice", "en", null, null),
          "round_robin",
          List.of(Backend.of("a.internal", 5520)),
          0,
          Backend.of("a.internal", 5520),
          new byte[0]);

  /** A plugin whose readiness the test flips. */
  static final class SwitchablePlugin implements Plugin {
    final String name;
    final AtomicBoolean ready = new AtomicBoolean(true);
    final AtomicReference<PluginHealth> health = new AtomicReference<>();
    volatile boolean fail;

    SwitchablePlugin(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ConnectResponse> onConnect(ConnectRequest r, Deadline d) {
      return fail
          ? CompletableFuture.failedFuture(new PluginTimeoutException(name, "no answer within 1s"))
          : CompletableFuture.completedFuture(ConnectResponse.EMPTY);
    }

    @Override
    public boolean isReady() {
      return ready.get();
    }

    /** The health set by the test; otherwise the default, from {@link #isReady()}. */
    @Override
    public PluginHealth health() {
      PluginHealth set = health.get();
      return set != null ? set : Plugin.super.health();
    }

    @Override
    public void close() {}
  }

  @Test
  void ruleBlocksOnlyOnListenerOrFailClosedPlugins() {
    PluginStatus authDown = new PluginStatus("auth", false, OnError.DENY);
    PluginStatus geoDown = new PluginStatus("geo", false, OnError.CONTINUE);
    PluginStatus geoUp = new PluginStatus("geo", true, OnError.CONTINUE);

    assertThat(new ReadinessReport(true, List.of()).ready()).isTrue();
    assertThat(new ReadinessReport(true, List.of(geoDown)).ready()).isTrue();
    assertThat(new ReadinessReport(true, List.of(geoDown)).degraded())
        .containsExactly("plugin:geo");
    assertThat(new ReadinessReport(true, List.of(authDown, geoUp)).ready()).isFalse();
    assertThat(new ReadinessReport(false, List.of(authDown, geoDown)).notReady())
        .containsExactly("listener", "plugin:auth");
  }

  @Test
  void chainReadinessAsksEveryPluginAfresh() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    SwitchablePlugin auth = new SwitchablePlugin("auth");
    SwitchablePlugin geo = new SwitchablePlugin("geo");
    PluginConfig authConfig =
        new PluginConfig("auth", "fake", null, null, null, null, OnError.DENY, null, null);
    PluginConfig geoConfig = PluginConfig.of("geo", "fake", null);
    AtomicBoolean listening = new AtomicBoolean(true);
    AtomicReference<PluginChain> current = new AtomicReference<>();
    try {
      Readiness readiness = Readiness.of(listening::get, current::get);
      assertThat(readiness.plugins()).isEmpty();

      current.set(
          new PluginChain(
              List.of(new PluginChain.Link(authConfig, auth), new PluginChain.Link(geoConfig, geo)),
              timer,
              4055));
      assertThat(ReadinessReport.of(readiness).ready()).isTrue();

      geo.ready.set(false);
      assertThat(ReadinessReport.of(readiness).ready()).isTrue();
      auth.ready.set(false);
      ReadinessReport report = ReadinessReport.of(readiness);
      assertThat(report.ready()).isFalse();
      assertThat(report.plugins())
          .containsExactly(
              new PluginStatus("auth", false, OnError.DENY),
              new PluginStatus("geo", false, OnError.CONTINUE));
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void reasonsNameTheListenerAndEveryPluginThatIsNotReady() {
    ReadinessReport report =
        new ReadinessReport(
            false,
            List.of(
                new PluginStatus("auth", false, OnError.DENY, "failing: 7 calls failed"),
                new PluginStatus("geo", false, OnError.CONTINUE),
                new PluginStatus("ok", true, OnError.DENY)));

    assertThat(report.reasons())
        .containsExactly(
            "listener not accepting connections",
            "plugin:auth failing: 7 calls failed",
            "plugin:geo not ready");
    assertThat(new PluginStatus("ok", true, OnError.DENY, "stale").reason()).isNull();
  }

  @Test
  void aPluginThatFailsEveryCallIsNotReadyAndSaysWhy() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    FakeTicker clock = new FakeTicker();
    SwitchablePlugin auth = new SwitchablePlugin("auth");
    SwitchablePlugin geo = new SwitchablePlugin("geo");
    auth.fail = true;
    geo.fail = true;
    PluginConfig authConfig =
        new PluginConfig("auth", "fake", null, null, null, null, OnError.DENY, null, null);
    PluginChain chain =
        new PluginChain(
            List.of(
                new PluginChain.Link(PluginConfig.of("geo", "fake", null), geo),
                new PluginChain.Link(authConfig, auth)),
            timer,
            4055,
            clock);
    Readiness readiness = Readiness.of(() -> true, () -> chain);
    try {
      for (int i = 0; i < 6; i++) {
        chain.run(REQUEST).get(5, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(2));
      }
      ReadinessReport report = ReadinessReport.of(readiness);

      assertThat(report.ready()).isFalse();
      assertThat(report.notReady()).containsExactly("plugin:auth");
      assertThat(report.degraded()).containsExactly("plugin:geo");
      assertThat(report.reasons())
          .containsExactly(
              "plugin:geo failing: 6 calls failed in the last 12 s"
                  + " (last: timeout: no answer within 1s)",
              "plugin:auth failing: 6 calls failed in the last 12 s"
                  + " (last: timeout: no answer within 1s)");

      auth.fail = false;
      chain.run(REQUEST).get(5, TimeUnit.SECONDS);
      assertThat(ReadinessReport.of(readiness).ready()).isTrue();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void thePluginsOwnReasonComesFirst() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    SwitchablePlugin wasm = new SwitchablePlugin("wasm");
    PluginChain chain =
        new PluginChain(
            List.of(new PluginChain.Link(PluginConfig.of("wasm", "fake", null), wasm)),
            timer,
            4055);
    Readiness readiness = Readiness.of(() -> true, () -> chain);
    try {
      wasm.health.set(PluginHealth.notReady("all 4 instances busy past their deadline"));
      chain.callHealth("wasm").markNotWarm("not warm: no answer within 30s of startup");

      assertThat(readiness.plugins())
          .containsExactly(
              new PluginStatus(
                  "wasm",
                  false,
                  OnError.CONTINUE,
                  "not ready: all 4 instances busy past their deadline;"
                      + " not warm: no answer within 30s of startup"));
    } finally {
      timer.shutdownNow();
    }
  }
}
