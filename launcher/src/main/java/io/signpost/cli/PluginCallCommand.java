package io.signpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.configtree.ConfigProblem;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginJson;
import io.signpost.plugin.PluginLoadException;
import io.signpost.plugin.PluginSpec;
import io.signpost.text.GoDuration;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signpost plugin call}: runs one plugin, Wasm or gRPC, against a request, the way the
 * router would, and prints its answer or, with {@code --repeat}, latency percentiles.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call one plugin with a ConnectRequest and print its ConnectResponse.",
      "With --repeat N, call it N times and print latency percentiles instead."
    })
final class PluginCallCommand implements Callable<Integer> {

  static final class Target {
    @Option(names = "--wasm", paramLabel = "FILE", description = "A Wasm plugin module.")
    Path wasm;

    @Option(names = "--grpc", paramLabel = "HOST:PORT", description = "A gRPC plugin address.")
    String grpc;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(
      names = "--config",
      paramLabel = "JSON",
      description = "The plugin's own configuration, as JSON (Wasm plugins receive it on load).")
  String pluginConfig;

  @Option(
      names = "--request",
      paramLabel = "FILE|-",
      description = "ConnectRequest JSON file, or - for stdin. Default: a sample request.")
  String request;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Calls to make.")
  int repeat;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1s",
      description = "Per-call timeout, e.g. 250ms, 1s (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Spec CommandSpec spec;

  /** Exit code for bad arguments or a plugin entry that does not validate. */
  static final int USAGE = 2;

  /** Exit code for a plugin that cannot be loaded or whose call fails. */
  static final int FAILED = 1;

  private static String describe(Exception e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
      return "not valid JSON: " + json.getOriginalMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return "file not found: " + missing.getFile();
    }
    return e.getMessage();
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (repeat < 1) {
      err.println("--repeat: " + repeat + " (expected: >= 1)");
      return USAGE;
    }
    Duration callTimeout;
    PluginConfig config;
    ConnectRequest connect;
    try {
      callTimeout = GoDuration.parse(timeout);
      if (callTimeout.isZero() || callTimeout.isNegative()) {
        throw new IllegalArgumentException("--timeout: " + timeout + " (expected: > 0)");
      }
      config = pluginConfig(callTimeout);
      connect = readRequest();
    } catch (IllegalArgumentException | IOException | PluginJson.InvalidPluginJsonException e) {
      err.println("plugin call: " + describe(e));
      return USAGE;
    }
    List<ConfigProblem> problems = new ArrayList<>();
    PluginSpec<?> spec = PluginSpec.read(findFactory(config.type()), config, "plugin", problems);
    problems.forEach(p -> err.println(p));
    if (spec == null) {
      return USAGE;
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Plugin plugin = spec.create(new PluginContext(new SimpleMeterRegistry(), timer))) {
      if (repeat == 1) {
        ConnectResponse response = callOnce(plugin, connect, callTimeout);
        JsonNode tree = PluginJson.mapper().readTree(PluginJson.encodeResponse(response));
        out.println(PluginJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
      } else {
        out.println(measure(plugin, connect, callTimeout));
      }
      return 0;
    } catch (ExecutionException e) {
      err.println("call failed: " + e.getCause().getMessage());
      return FAILED;
    } catch (PluginLoadException e) {
      err.println("cannot load: " + e.getMessage());
      return FAILED;
    } finally {
      timer.shutdownNow();
    }
  }

  private String measure(Plugin plugin, ConnectRequest connect, Duration callTimeout)
      throws Exception {
    long[] nanos = new long[repeat];
    long start = System.nanoTime();
    for (int i = 0; i < repeat; i++) {
      long t0 = System.nanoTime();
      callOnce(plugin, connect, callTimeout);
      nanos[i] = System.nanoTime() - t0;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    return String.format(
        "calls=%d  calls/s=%.0f  p50=%s  p90=%s  p99=%s  max=%s",
        repeat,
        repeat / seconds,
        micros(nanos, 0.50),
        micros(nanos, 0.90),
        micros(nanos, 0.99),
        micros(nanos, 1.0));
  }

  private static String micros(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return String.format("%.1fµs", sorted[Math.max(0, index)] / 1000.0);
  }

  private static ConnectResponse callOnce(Plugin plugin, ConnectRequest connect, Duration timeout)
      throws Exception {
    try {
      return plugin
          .onConnect(connect, Deadline.after(timeout))
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ExecutionException(
          new TimeoutException("no answer within " + GoDuration.format(timeout)));
    }
  }

  private PluginConfig pluginConfig(Duration callTimeout) throws IOException {
    ObjectNode section = JsonNodeFactory.instance.objectNode();
    String type;
    if (target.wasm != null) {
      type = "wasm";
      section.put("path", target.wasm.toString());
    } else {
      type = "grpc";
      section.put("address", target.grpc);
    }
    JsonNode own = pluginConfig == null ? null : PluginJson.mapper().readTree(pluginConfig);
    return new PluginConfig("cli", type, null, null, null, callTimeout, null, own, section);
  }

  private ConnectRequest readRequest() throws IOException {
    if (request == null) {
      Backend backend = new Backend("127.0.0.1", 5521, 1, Map.of());
      return new ConnectRequest(
          new ConnectEvent(
              "play.example.com",
              null,
              null,
              0,
              "5f0e1a52-3c5d-4b8e-9a8c-7d1c4a6b2e10",
              "alice",
              "en-US",
              true,
              "hytale/2"),
          "round_robin",
          List.of(backend, new Backend("127.0.0.1", 5522, 1, Map.of())),
          0,
          backend,
          new byte[0]);
    }
    byte[] json =
        "-".equals(request) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(request));
    return PluginJson.decodeRequest(json);
  }

  private static PluginFactory<?> findFactory(String type) {
    for (PluginFactory<?> factory : ServiceLoader.load(PluginFactory.class)) {
      if (factory.type().equals(type)) {
        return factory;
      }
    }
    throw new IllegalStateException("no plugin backend for type " + type + " on the classpath");
  }
}
