package io.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.admin.Readiness.PluginStatus;
import io.signpost.chain.PluginChain;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.OnError;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  /** A plugin whose readiness the test flips. */
  static final class SwitchablePlugin implements Plugin {
    final String name;
    final AtomicBoolean ready = new AtomicBoolean(true);

    SwitchablePlugin(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ConnectResponse> onConnect(ConnectRequest r, Deadline d) {
      return CompletableFuture.completedFuture(ConnectResponse.EMPTY);
    }

    @Override
    public boolean isReady() {
      return ready.get();
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
}
