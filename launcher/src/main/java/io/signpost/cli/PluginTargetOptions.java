package io.signpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.annotation.Nullable;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginJson;
import io.signpost.text.GoDuration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options that name the plugin a {@code signpost plugin} subcommand runs: {@code --wasm FILE}
 * or {@code --grpc HOST:PORT}, its {@code --config} and the per-call {@code --timeout}. A picocli
 * mixin; each command checks that a target was given when it needs one.
 */
final class PluginTargetOptions {

  static final class Target {
    @Option(names = "--wasm", paramLabel = "FILE", description = "A Wasm plugin module.")
    @Nullable
    Path wasm;

    @Option(
        names = "--grpc",
        paramLabel = "ADDRESS",
        description = "A gRPC plugin address: host:port, dns:///host:port or unix:///path.")
    @Nullable
    String grpc;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  @Nullable
  Target target;

  @Option(
      names = "--config",
      paramLabel = "JSON",
      description = "The plugin's own configuration, as JSON (Wasm plugins receive it on load).")
  @Nullable
  String pluginConfig;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1s",
      description = "The plugin's time limit per call, e.g. 250ms, 1s (default: ${DEFAULT-VALUE}).")
  String timeout = "1s";

  @Option(
      names = "--warm-up-calls",
      paramLabel = "N",
      description =
          "Wasm only: synthetic calls made before the first real one, as the router makes them at"
              + " start (default: the wasm section's warm_up_calls, 5000); 0 measures a cold"
              + " plugin. Used with --repeat.")
  @Nullable
  Integer warmUpCalls;

  boolean hasTarget() {
    return target != null && (target.wasm != null || target.grpc != null);
  }

  /** {@code wasm FILE} or {@code grpc ADDRESS}, for messages. */
  String describeTarget() {
    if (target == null) {
      return "no plugin";
    }
    return target.wasm != null ? "wasm " + target.wasm : "grpc " + target.grpc;
  }

  /**
   * The per-call time limit.
   *
   * @throws IllegalArgumentException when it does not parse or is not positive
   */
  Duration callTimeout() {
    Duration parsed = GoDuration.parse(timeout);
    if (parsed.isZero() || parsed.isNegative()) {
      throw new IllegalArgumentException("--timeout: " + timeout + " (expected: > 0)");
    }
    return parsed;
  }

  /**
   * The plugin entry, as a router configuration would give it, named {@code cli}.
   *
   * @param ownConfig the plugin's config when {@code --config} is absent (may be null)
   * @throws IOException when the config is not valid JSON
   */
  PluginConfig pluginConfig(Duration callTimeout, @Nullable JsonNode ownConfig) throws IOException {
    if (!hasTarget()) {
      throw new IllegalArgumentException("one of --wasm FILE or --grpc HOST:PORT is required");
    }
    ObjectNode section = JsonNodeFactory.instance.objectNode();
    String type;
    if (target.wasm != null) {
      type = "wasm";
      section.put("path", target.wasm.toString());
      if (warmUpCalls != null) {
        section.put("warm_up_calls", warmUpCalls);
      }
    } else {
      type = "grpc";
      section.put("address", target.grpc);
    }
    JsonNode own = pluginConfig != null ? PluginJson.mapper().readTree(pluginConfig) : ownConfig;
    return new PluginConfig("cli", type, null, null, null, callTimeout, null, own, section);
  }
}
