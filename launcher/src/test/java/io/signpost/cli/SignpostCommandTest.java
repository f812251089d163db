package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.signpost.grpc.server.PluginServer;
import io.signpost.plugin.ConnectResponse;
import io.signpost.runtime.BuildInfo;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SignpostCommandTest {

  /**
   * Per-call timeout of the calls that must succeed: generous, the first gRPC call of the JVM loads
   * and links the whole client, which takes more than the default 1s on a busy machine.
   */
  private static final String CALL_TIMEOUT = "60s";

  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = SignpostCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exit = line.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void versionNamesTheProjectVersionAndTheCommit() {
    Result result = run("--version");

    assertThat(result.exit()).isZero();
    assertThat(result.out().strip())
        .isEqualTo("signpost " + BuildInfo.current().describe())
        .matches("signpost \\d+\\.\\d+\\.\\d+\\S* \\(commit ([0-9a-f]{7,40}|unknown)\\)")
        .doesNotContain("development build");
  }

  @Test
  void validatesTheDevConfigurations() {
    Result result = run("validate", "--config", "../dev/config.dev.yaml");

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("valid");
  }

  @Test
  void validatesTheDiscoveryDevConfigurationsAndSaysWhichPoolsUseWhichProvider() {
    Result pods = run("validate", "--config", "../dev/config.kubernetes.pods.dev.yaml");
    assertThat(pods.exit()).as(pods.err()).isZero();
    assertThat(pods.out())
        .contains(
            "discovery k8s (kubernetes): pods in [default] labels app=hytale-backend annotations"
                + " hyrouter/enabled=true port 5520 (in-cluster or default kubeconfig); used by"
                + " routes[0] (prefer)");

    Result slices = run("validate", "--config", "../dev/config.kubernetes.endpointslices.dev.yaml");
    assertThat(slices.exit()).as(slices.err()).isZero();
    assertThat(slices.out())
        .contains(
            "discovery k8s (kubernetes): endpointslices of service hytale-backend in [default]"
                + " labels hyrouter/enabled=true port \"game\"");

    Result observe = run("validate", "--config", "../dev/config.agones.observe.dev.yaml");
    assertThat(observe.exit()).as(observe.err()).isZero();
    assertThat(observe.out())
        .contains(
            "discovery agones (agones): observe GameServers in [default] in state [ready, reserved,"
                + " allocated] labels agones.dev/fleet=hytale annotations hyrouter/enabled=true"
                + " port \"gameport\"");

    Result allocate = run("validate", "--config", "../dev/config.agones.allocate.dev.yaml");
    assertThat(allocate.exit()).as(allocate.err()).isZero();
    assertThat(allocate.out())
        .contains(
            "discovery agones (agones): allocate a GameServer per connection in default from"
                + " state Ready, at most one every 250ms labels agones.dev/fleet=hytale port"
                + " \"gameport\"");
  }

  @Test
  void aMalformedSelectorIsInvalid() throws Exception {
    Path config = dir.resolve("selector.yaml");
    Files.writeString(
        config,
        """
        discovery:
          providers:
            - name: k8s
              type: kubernetes
              kubernetes:
                resources:
                  - {kind: pods, selector: {labels: "region in (eu"}, port: {number: 5520}}
                filters: {require_pod_ready: true}
        routing:
          default: {strategy: random, discovery: {provider: k8s}}
        """);

    Result result = run("validate", "--config", config.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "discovery.providers[0].kubernetes.resources[0].selector.labels: \"region in (eu\" is"
                + " not a label selector");
  }

  @Test
  void acceptsHyroutersSingleDashFlags() {
    Result result = run("validate", "-config", "../dev/config.dev.yaml", "-log-level", "debug");

    assertThat(result.exit()).as(result.err()).isZero();
  }

  @Test
  void reportsEveryMistakeWithItsPathAndExitsTwo() throws Exception {
    Path config = dir.resolve("broken.yaml");
    Files.writeString(
        config,
        """
        listen: "nonsense"
        quic:
          max_idle_timeout: 30 parsecs
        referral:
          key_id: 300
          hmac_secret: "base64:%%%"
        routing:
          default:
            strategy: p2c
            backends:
              - host: ""
                port: 70000
        plugins:
          - name: a
            type: teleport
          - name: a
            type: grpc
            grpc:
              address: 127.0.0.1:7777
            after: [ghost]
        """);

    Result result = run("validate", "--config", config.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err())
        .contains("listen:")
        .contains("quic.max_idle_timeout:")
        .contains("referral.key_id: 300")
        .contains("referral.hmac_secret:")
        .contains("routing.default.key:")
        .contains("routing.default.backends[0].host:")
        .contains("routing.default.backends[0].port: 70000 (expected: 1..65535)")
        .contains("plugins[0].type:")
        .contains("plugins[1].name:")
        .contains("warning: plugins[1].after[0]: unknown plugin \"ghost\"");
  }

  @Test
  void strictValidationTurnsEveryWarningIntoAnError() throws Exception {
    Path config = dir.resolve("lenient.yaml");
    Files.writeString(
        config,
        """
        listne: ":5520"
        routing:
          default: {strategy: round_robin, backends: [{host: a, port: 1}]}
        plugins:
          - {name: a, type: grpc, after: [ghost], grpc: {address: "127.0.0.1:7777", adress: x}}
        """);

    Result lenient = run("validate", "--config", config.toString());
    assertThat(lenient.exit()).as(lenient.err()).isZero();
    assertThat(lenient.err())
        .contains("warning: listne: unknown key, ignored (did you mean \"listen\"?)")
        .contains(
            "warning: plugins[0].grpc.adress: unknown key, ignored (did you mean \"address\"?)");

    Result strict = run("validate", "--strict", "--config", config.toString());
    assertThat(strict.exit()).isEqualTo(2);
    assertThat(strict.err())
        .contains(config + ": 3 errors (--strict: warnings are errors)")
        .contains("  listne: unknown key, ignored (did you mean \"listen\"?)")
        .contains("  plugins[0].after[0]: unknown plugin \"ghost\"")
        .contains("  plugins[0].grpc.adress: unknown key")
        .doesNotContain("warning:");
  }

  @Test
  void validateReadsConfigYamlFromTheWorkingDirectoryWithoutConfig() throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "routing: {default: {strategy: round_robin, backends: [{host: a, port: 1}]}}\n");
    ValidateCommand validate = new ValidateCommand();
    CommandLine line = new CommandLine(validate);
    StringWriter out = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(new StringWriter(), true));
    line.parseArgs();
    validate.options.workingDirectory = dir;

    assertThat(validate.call()).isZero();
    assertThat(out.toString()).contains(dir.resolve("config.yaml") + ": valid");
  }

  @Test
  void validateWithoutAFileIsAnError() {
    assertThat(run("validate").exit()).isEqualTo(2);
  }

  @Test
  void runRefusesAnInvalidConfigWithExitTwo() throws Exception {
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "{\"listen\": 5}");

    Result result = run("run", "--config", config.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("listen:");
  }

  @Test
  void validateAndRunRefuseAConfigPathThatIsNotAFileInOneLineWithExitTwo() throws Exception {
    Path zero = Path.of("/dev/zero");
    Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
    Path device = Files.createSymbolicLink(dir.resolve("zero.yaml"), zero);
    Path directory = Files.createDirectory(dir.resolve("conf.d.yaml"));
    Path huge = dir.resolve("huge.yaml");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(2_147_483_648L);
    }

    for (String command : List.of("validate", "run")) {
      Result onDevice = run(command, "--config", device.toString());
      Result onDirectory = run(command, "--config", directory.toString());
      Result onHuge = run(command, "--config", huge.toString());

      assertThat(List.of(onDevice.exit(), onDirectory.exit(), onHuge.exit()))
          .as(command)
          .containsOnly(2);
      assertThat(onDevice.err()).isEqualTo(device + ": not a regular file (a character device)\n");
      assertThat(onDirectory.err()).isEqualTo(directory + ": not a regular file (a directory)\n");
      assertThat(onHuge.err())
          .isEqualTo(huge + ": 2147483648 bytes, over the 4 MiB limit for a config file\n");
    }
  }

  @Test
  void aNamedPipeAsConfigIsRefusedWithoutWaitingForAWriter() throws Exception {
    Path fifo = dir.resolve("config.yaml");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (java.io.IOException e) {
      mkfifo = null;
    }
    Assumptions.assumeTrue(
        mkfifo != null && mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo is not available");

    Result validate =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> run("validate", "--config", fifo.toString()));
    Result runs =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> run("run", "--config", fifo.toString()));

    assertThat(validate.exit()).isEqualTo(2);
    assertThat(runs.exit()).isEqualTo(2);
    assertThat(validate.err()).isEqualTo(fifo + ": not a regular file (a named pipe)\n");
    assertThat(runs.err()).isEqualTo(validate.err());
  }

  @Test
  void problemsInsideTheFileKeepTheirPaths() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("tls.yaml"), "tls: {cert_file: /dev/null, key_file: /dev/null}\n");

    Result result = run("validate", "--config", config.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err())
        .startsWith(config + ": 2 errors")
        .contains(
            "  tls.cert_file: /dev/null: not a regular file (a character device) (expected: a PEM"
                + " certificate)")
        .contains("  tls.key_file: /dev/null: not a regular file (a character device)");
  }

  @Test
  void pluginCallPrintsTheResponseOfAGrpcPlugin() throws Exception {
    try (PluginServer server =
        PluginServer.builder(request -> ConnectResponse.denied("no " + request.event().username()))
            .host("127.0.0.1")
            .port(0)
            .build()
            .start()) {
      Result result =
          run("plugin", "call", "--grpc", "127.0.0.1:" + server.port(), "--timeout", CALL_TIMEOUT);

      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.out())
          .contains("\"deny\" : true")
          .contains("\"deny_reason\" : \"no alice\"");
    }
  }

  @Test
  void pluginCallWithRepeatPrintsPercentiles() throws Exception {
    try (PluginServer server =
        PluginServer.builder(request -> ConnectResponse.EMPTY)
            .host("127.0.0.1")
            .port(0)
            .build()
            .start()) {
      Result result =
          run(
              "plugin",
              "call",
              "--grpc",
              "127.0.0.1:" + server.port(),
              "--repeat",
              "50",
              "--timeout",
              CALL_TIMEOUT);

      assertThat(result.exit()).as(result.err()).isZero();
      assertThat(result.out()).contains("calls=50").contains("p50=").contains("p99=");
    }
  }

  @Test
  void pluginCallReadsTheRequestFromAFile() throws Exception {
    Path request = dir.resolve("request.json");
    Files.writeString(
        request,
        "{\"event\":{\"sni\":\"x\",\"username\":\"bob\"},\"candidates\":[],\"selected_index\":0,"
            + "\"backend\":{\"host\":\"h\",\"port\":1}}");
    try (PluginServer server =
        PluginServer.builder(r -> ConnectResponse.denied(r.event().username()))
            .host("127.0.0.1")
            .port(0)
            .build()
            .start()) {
      Result result =
          run(
              "plugin",
              "call",
              "--grpc",
              "127.0.0.1:" + server.port(),
              "--request",
              request.toString(),
              "--timeout",
              CALL_TIMEOUT);

      assertThat(result.out()).contains("\"deny_reason\" : \"bob\"");
    }
  }

  @Test
  void pluginCallRunsAWasmPluginWithItsConfig() {
    Result denied =
        run(
            "plugin",
            "call",
            "--wasm",
            "../examples/rust-plugin/plugin.wasm",
            "--config",
            "{\"deny_usernames\":[\"alice\"],\"deny_reason\":\"no alice\"}",
            "--timeout",
            CALL_TIMEOUT);
    Result routed =
        run(
            "plugin",
            "call",
            "--wasm",
            "../examples/rust-plugin/plugin.wasm",
            "--timeout",
            CALL_TIMEOUT);

    assertThat(denied.exit()).as(denied.err()).isZero();
    assertThat(denied.out()).contains("\"deny\" : true").contains("\"deny_reason\" : \"no alice\"");
    assertThat(routed.exit()).as(routed.err()).isZero();
    assertThat(routed.out()).contains("\"deny\" : false").contains("\"referral_content\"");
  }

  @Test
  void pluginCallRefusesAFileThatIsNotWasm() throws Exception {
    Path notWasm = Files.writeString(dir.resolve("plugin.wasm"), "not a module");

    Result result = run("plugin", "call", "--wasm", notWasm.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("plugin.wasm");
  }

  @Test
  void pluginCallReportsBadArgumentsInOneLine() throws Exception {
    Path garbage = Files.writeString(dir.resolve("request.json"), "{not json");
    String wasm = "../examples/rust-plugin/plugin.wasm";

    Result badTimeout = run("plugin", "call", "--wasm", wasm, "--timeout", "soon");
    Result zeroTimeout = run("plugin", "call", "--wasm", wasm, "--timeout", "0s");
    Result badConfig = run("plugin", "call", "--wasm", wasm, "--config", "{oops");
    Result missingRequest =
        run("plugin", "call", "--wasm", wasm, "--request", dir.resolve("nope.json").toString());
    Result badRequest = run("plugin", "call", "--wasm", wasm, "--request", garbage.toString());

    for (Result r : List.of(badTimeout, zeroTimeout, badConfig, missingRequest, badRequest)) {
      assertThat(r.exit()).as(r.err()).isEqualTo(2);
      assertThat(r.err()).startsWith("plugin call: ").doesNotContain("\tat ");
    }
    assertThat(zeroTimeout.err()).contains("(expected: > 0)");
    assertThat(badConfig.err()).contains("not valid JSON");
    assertThat(missingRequest.err()).contains("file not found").contains("nope.json");
    assertThat(badRequest.err()).contains("not valid JSON");
  }

  @Test
  void pluginCallFailsCleanlyWhenThePluginIsDown() {
    Result result = run("plugin", "call", "--grpc", "127.0.0.1:1", "--timeout", "300ms");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("call failed");
  }
}
