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
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signpost plugin test DIR}: runs a plugin against a directory of cases and reports each as
 * passed or failed, with the differences. A case is {@code NAME.request.json} with {@code
 * NAME.response.json} beside it; see {@link ExpectedResponse} for how they are compared. A {@code
 * config.json} in the directory is the plugin's config unless {@code --config} is given.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run a plugin against the cases in DIR: each NAME.request.json is sent to the plugin and its",
      "answer compared with NAME.response.json. Fields the expected response does not name are not",
      "checked. DIR/config.json, if present, is the plugin's config (unless --config is given).",
      "Exits 0 when every case passes, 1 when one fails, 2 on bad arguments."
    })
final class PluginTestCommand implements Callable<Integer> {

  static final String REQUEST_SUFFIX = ".request.json";
  static final String RESPONSE_SUFFIX = ".response.json";
  static final String CONFIG_FILE = "config.json";

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory of cases.")
  Path dir;

  @Mixin PluginTargetOptions plugin;

  @Spec CommandSpec spec;

  /** A case found in the directory; {@code request} or {@code response} is null when missing. */
  record Case(String name, @Nullable Path request, @Nullable Path response) {}

  /** What one case gave: PASS, FAIL or ERROR, and the lines that explain it. */
  record Outcome(String name, String status, List<String> details) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Case> cases;
    PluginConfig config;
    try {
      if (!plugin.hasTarget()) {
        throw new IllegalArgumentException("one of --wasm FILE or --grpc HOST:PORT is required");
      }
      cases = findCases(dir);
      config = plugin.pluginConfig(plugin.callTimeout(), directoryConfig());
    } catch (IllegalArgumentException | IOException e) {
      err.println("plugin test: " + PluginCallCommand.describe(e));
      return PluginCallCommand.USAGE;
    }
    List<Outcome> outcomes = new ArrayList<>();
    try (LoadedPlugin loaded = LoadedPlugin.load(config, err)) {
      out.println(
          "plugin test: " + cases.size() + " case(s) in " + dir + ", " + plugin.describeTarget());
      for (Case c : cases) {
        outcomes.add(run(loaded, c));
      }
    } catch (LoadedPlugin.InvalidEntryException e) {
      return PluginCallCommand.USAGE;
    } catch (PluginLoadException e) {
      err.println("cannot load: " + e.getMessage());
      return PluginCallCommand.FAILED;
    }
    print(outcomes, out);
    return outcomes.stream().allMatch(o -> o.status().equals("PASS"))
        ? 0
        : PluginCallCommand.FAILED;
  }

  /** The cases in {@code dir}, by name. */
  static List<Case> findCases(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": not a directory");
    }
    TreeMap<String, Path[]> byName = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(REQUEST_SUFFIX)) {
          byName.computeIfAbsent(strip(name, REQUEST_SUFFIX), k -> new Path[2])[0] = file;
        } else if (name.endsWith(RESPONSE_SUFFIX)) {
          byName.computeIfAbsent(strip(name, RESPONSE_SUFFIX), k -> new Path[2])[1] = file;
        }
      }
    }
    if (byName.isEmpty()) {
      throw new IllegalArgumentException(
          "no cases in "
              + dir
              + " (expected: NAME"
              + REQUEST_SUFFIX
              + " files, each with NAME"
              + RESPONSE_SUFFIX
              + ")");
    }
    List<Case> cases = new ArrayList<>();
    byName.forEach((name, files) -> cases.add(new Case(name, files[0], files[1])));
    return cases;
  }

  private @Nullable JsonNode directoryConfig() throws IOException {
    Path file = dir.resolve(CONFIG_FILE);
    return Files.isRegularFile(file) ? PluginJson.mapper().readTree(file.toFile()) : null;
  }

  private static Outcome run(LoadedPlugin plugin, Case c) throws InterruptedException {
    if (c.request() == null) {
      return new Outcome(c.name(), "ERROR", List.of("no " + c.name() + REQUEST_SUFFIX));
    }
    if (c.response() == null) {
      return new Outcome(c.name(), "ERROR", List.of("no " + c.name() + RESPONSE_SUFFIX));
    }
    ConnectRequest request;
    ExpectedResponse expected;
    try {
      request = PluginJson.decodeRequest(Files.readAllBytes(c.request()));
      expected = ExpectedResponse.of(PluginJson.mapper().readTree(c.response().toFile()));
    } catch (IOException | IllegalArgumentException | PluginJson.InvalidPluginJsonException e) {
      return new Outcome(c.name(), "ERROR", List.of(PluginCallCommand.describe(e)));
    }
    try {
      ConnectResponse response = plugin.call(request);
      JsonNode actual = PluginJson.mapper().readTree(PluginJson.encodeResponse(response));
      List<String> mismatches = expected.mismatches(actual);
      return new Outcome(c.name(), mismatches.isEmpty() ? "PASS" : "FAIL", mismatches);
    } catch (LoadedPlugin.CallFailedException e) {
      return new Outcome(c.name(), "FAIL", List.of("call failed: " + e.getMessage()));
    } catch (IOException e) {
      return new Outcome(c.name(), "ERROR", List.of(PluginCallCommand.describe(e)));
    }
  }

  private static void print(List<Outcome> outcomes, PrintWriter out) {
    int passed = 0;
    int failed = 0;
    int errors = 0;
    for (Outcome o : outcomes) {
      out.printf("  %-5s  %s%n", o.status(), o.name());
      o.details().forEach(line -> out.println("           " + line));
      switch (o.status()) {
        case "PASS" -> passed++;
        case "FAIL" -> failed++;
        default -> errors++;
      }
    }
    out.println(passed + " passed, " + failed + " failed, " + errors + " error(s)");
  }

  private static String strip(String name, String suffix) {
    return name.substring(0, name.length() - suffix.length());
  }
}
