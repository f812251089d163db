package io.signpost.decision;

import io.signpost.chain.PluginStep;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Hand-built traces and steps for tests. */
public final class Traces {

  private Traces() {}

  public static DecisionTrace referral(String sni, String route, String backend) {
    return new DecisionTrace(
        Instant.parse("2026-01-01T12:00:00Z"),
        sni,
        "hytale/2",
        null,
        route,
        "round_robin",
        List.of(backend),
        backend,
        Outcome.REFERRAL,
        null,
        List.of(),
        Duration.ofMillis(2),
        null,
        null);
  }

  public static DecisionTrace withSteps(Outcome outcome, String route, List<PluginStep> steps) {
    return new DecisionTrace(
        Instant.parse("2026-01-01T12:00:00Z"),
        "play.example.com",
        null,
        null,
        route,
        "random",
        List.of("a:1", "b:2"),
        outcome == Outcome.REFERRAL ? "a:1" : null,
        outcome,
        outcome == Outcome.REFERRAL ? null : "why",
        steps,
        Duration.ofMillis(3),
        null,
        null);
  }

  public static PluginStep ok(String plugin, String... changes) {
    return new PluginStep(
        plugin, Stage.ROUTE, Duration.ofMillis(1), List.of(changes), List.of(), null, null, null);
  }

  public static PluginStep failed(String plugin, PluginException.Kind kind, OnError policy) {
    return new PluginStep(
        plugin,
        Stage.DENY,
        Duration.ofMillis(5),
        List.of(),
        List.of(),
        kind,
        "plugin " + plugin + ": " + kind.tag(),
        policy);
  }
}
