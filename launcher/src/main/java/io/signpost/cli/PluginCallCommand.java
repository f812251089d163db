package io.signpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.annotation.Nullable;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginJson;
import io.signpost.plugin.PluginLoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      "With --repeat N, call it N times and print latency percentiles instead.",
      "With --sample, print a request to start from and exit."
    })
final class PluginCallCommand implements Callable<Integer> {

  @Mixin PluginTargetOptions plugin;

  @Option(
      names = "--request",
      paramLabel = "FILE|-",
      description = "ConnectRequest JSON file, or - for stdin. Default: the --sample request.")
  @Nullable
  String request;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Calls to make.")
  int repeat;

  @Option(
      names = "--sample",
      description = "Print the sample ConnectRequest (edit it and pass it with --request).")
  boolean sample;

  @Spec CommandSpec spec;

  /** Exit code for bad arguments or a plugin entry that does not validate. */
  static final int USAGE = 2;

  /** Exit code for a plugin that cannot be loaded or whose call fails. */
  static final int FAILED = 1;

  static String describe(Exception e) {
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
    LogOutput.toStderr();
    if (sample) {
      out.println(SampleRequest.json());
      return 0;
    }
    if (repeat < 1) {
      err.println("plugin call: --repeat: " + repeat + " (expected: >= 1)");
      return USAGE;
    }
    PluginConfig config;
    ConnectRequest connect;
    try {
      Duration callTimeout = plugin.callTimeout();
      config = plugin.pluginConfig(callTimeout, null);
      connect = readRequest();
    } catch (IllegalArgumentException | IOException | PluginJson.InvalidPluginJsonException e) {
      err.println("plugin call: " + describe(e));
      return USAGE;
    }
    try (LoadedPlugin loaded = LoadedPlugin.load(config, err, repeat > 1)) {
      if (repeat > 1) {
        CallStatistics stats = CallStatistics.measure(loaded, connect, repeat);
        out.println(stats.summary());
        stats.failureLines().forEach(out::println);
        return stats.failed() == 0 ? 0 : FAILED;
      }
      ConnectResponse response = loaded.call(connect);
      JsonNode tree = PluginJson.mapper().readTree(PluginJson.encodeResponse(response));
      out.println(PluginJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
      return 0;
    } catch (LoadedPlugin.InvalidEntryException e) {
      return USAGE;
    } catch (LoadedPlugin.CallFailedException e) {
      err.println("call failed: " + e.getMessage());
      return FAILED;
    } catch (PluginLoadException e) {
      err.println("cannot load: " + e.getMessage());
      return FAILED;
    }
  }

  private ConnectRequest readRequest() throws IOException {
    if (request == null) {
      return SampleRequest.request();
    }
    byte[] json =
        "-".equals(request) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(request));
    return PluginJson.decodeRequest(json);
  }
}
