package io.signpost.grpc;

import static io.signpost.grpc.testing.Requests.request;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.grpc.internal.GrpcTarget;
import io.signpost.grpc.testing.FakePluginServer;
import io.signpost.grpc.testing.Requests;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginJson;
import io.signpost.plugin.PluginLoadException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpcPluginFactoryTest {

  private final GrpcPluginFactory factory = new GrpcPluginFactory();

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(PluginFactory.class).stream().map(p -> p.get().type()))
        .contains("grpc");
  }

  @Test
  void acceptsHyroutersEntryUnchanged() {
    assertThat(problems("{\"address\":\"127.0.0.1:7777\"}")).isEmpty();
    assertThat(problems("{\"address\":\"plugin.internal:7777\"}")).isEmpty();
    assertThat(problems("{\"address\":\"[::1]:7777\"}")).isEmpty();
    assertThat(problems("{\"address\":\"dns:///plugin.internal:7777\"}")).isEmpty();
  }

  @Test
  void acceptsEveryTargetFormHyroutersGrpcLibraryDials() {
    assertThat(GrpcTarget.parse("plugin-svc"))
        .isEqualTo(new GrpcTarget("dns:///plugin-svc:443", false));
    assertThat(GrpcTarget.parse("dns:///plugin-svc"))
        .isEqualTo(new GrpcTarget("dns:///plugin-svc:443", false));
    assertThat(GrpcTarget.parse("dns:///plugin-svc:7777"))
        .isEqualTo(new GrpcTarget("dns:///plugin-svc:7777", false));
    assertThat(GrpcTarget.parse("passthrough:///10.0.0.1:7777"))
        .isEqualTo(new GrpcTarget("dns:///10.0.0.1:7777", false));
    assertThat(GrpcTarget.parse("[::1]:7777"))
        .isEqualTo(new GrpcTarget("dns:///[::1]:7777", false));
    assertThat(GrpcTarget.parse("unix:///run/plugin.sock"))
        .isEqualTo(new GrpcTarget("unix:///run/plugin.sock", true));
    assertThat(GrpcTarget.parse("unix:/run/plugin.sock"))
        .isEqualTo(new GrpcTarget("unix:///run/plugin.sock", true));
    assertThat(GrpcTarget.parse("unix:run/plugin.sock"))
        .isEqualTo(new GrpcTarget("unix:run/plugin.sock", true));
    for (String refused :
        List.of(
            "unix://host/run/plugin.sock",
            "unix-abstract:plugin",
            "dns://8.8.8.8/plugin-svc:7777",
            "xds:///plugin",
            "http://plugin:7777",
            "host:70000",
            "host:",
            "")) {
      assertThat(GrpcTarget.parse(refused)).as(refused).isNull();
    }
    assertThat(problems("{\"address\":\"plugin-svc\"}")).isEmpty();
    assertThat(problems("{\"address\":\"unix:///run/plugin.sock\"}")).isEmpty();
  }

  @Test
  void callsAPluginOnAUnixSocket(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("plugin.sock");
    try (FakePluginServer server =
        FakePluginServer.startOnUnixSocket(
            socket, body -> "{\"deny\":true,\"deny_reason\":\"uds\"}".getBytes(UTF_8))) {
      // Generous: this may be the JVM's first gRPC call, which loads and links the whole client.
      PluginConfig config =
          GrpcPluginFactory.configFor("uds", "unix://" + socket, Duration.ofSeconds(20));
      assertThat(factory.validate(config, "plugin")).isEmpty();
      try (Plugin plugin = factory.create(config, Requests.context())) {
        ConnectResponse response =
            plugin
                .onConnect(request("a", "b"), Deadline.after(config.timeout()))
                .get(30, TimeUnit.SECONDS);
        assertThat(response).isEqualTo(ConnectResponse.denied("uds"));
      }
    }
  }

  @Test
  void acceptsEveryOption() {
    assertThat(
            problems(
                "{\"address\":\"127.0.0.1:7777\",\"max_response_bytes\":4096,"
                    + "\"tls\":{\"server_name\":\"plugin.local\"},"
                    + "\"breaker\":{\"failures\":0,\"cool_down\":\"250ms\"}}"))
        .isEmpty();
  }

  @Test
  void reportsABadAddressWithItsPath() {
    assertThat(problems("{\"address\":\"http://plugin:7777\"}"))
        .containsExactly(
            "plugins[0].grpc.address: \"http://plugin:7777\" (expected: "
                + GrpcTarget.EXPECTED
                + ")");
    assertThat(problems("{\"address\":\"host:70000\"}"))
        .containsExactly(
            "plugins[0].grpc.address: \"host:70000\" (expected: " + GrpcTarget.EXPECTED + ")");
    assertThat(problems("{}"))
        .containsExactly(
            "plugins[0].grpc.address: missing (expected: " + GrpcTarget.EXPECTED + ")");
  }

  @Test
  void reportsAMissingSection() {
    PluginConfig config = PluginConfig.of("x", "grpc", null);
    assertThat(factory.validate(config, "plugins[2]"))
        .extracting(ConfigProblem::toString)
        .containsExactly("plugins[2].grpc: missing (expected: an object with address)");
  }

  @Test
  void reportsEveryProblemIncludingUnknownKeys() {
    assertThat(
            problems(
                "{\"address\":\"127.0.0.1:1\",\"adress\":\"x\",\"max_response_bytes\":0,"
                    + "\"tls\":{\"ca_file\":\"/no/such.pem\",\"cert_file\":\"/no/c.pem\",\"verify\":false},"
                    + "\"breaker\":{\"failures\":-1}}"))
        .containsExactlyInAnyOrder(
            "warning: plugins[0].grpc.adress: unknown key, ignored (did you mean"
                + " \"address\"?)",
            "plugins[0].grpc.max_response_bytes: 0 (expected: an integer > 0)",
            "warning: plugins[0].grpc.tls.verify: unknown key, ignored",
            "plugins[0].grpc.tls.ca_file: file not found: /no/such.pem (expected: a PEM file)",
            "plugins[0].grpc.tls.cert_file: file not found: /no/c.pem (expected: a PEM file)",
            "plugins[0].grpc.tls.key_file: missing (expected: cert_file and key_file set together)",
            "plugins[0].grpc.breaker.failures: -1 (expected: an integer >= 0)");
    assertThat(
            problems("{\"address\":\"127.0.0.1:1\",\"breaker\":{\"cool_down\":\"soon\",\"x\":1}}"))
        .containsExactlyInAnyOrder(
            "warning: plugins[0].grpc.breaker.x: unknown key, ignored",
            "plugins[0].grpc.breaker.cool_down: \"soon\" (expected: a duration such as 250ms, 5s or"
                + " 1m, > 0)");
  }

  @Test
  void tlsFilesThatAreNotRegularFilesAreRefusedWithoutBeingOpened() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.exists(java.nio.file.Path.of("/dev/zero")), "no /dev/zero");
    assertThat(
            problems(
                "{\"address\":\"127.0.0.1:1\",\"tls\":{\"ca_file\":\"/dev/zero\","
                    + "\"cert_file\":\"/tmp\",\"key_file\":\"/dev/null\"}}"))
        .hasSize(3)
        .allSatisfy(
            p -> assertThat(p).contains("not a regular file").endsWith("(expected: a PEM file)"));
  }

  @Test
  void createRefusesAnInvalidSection() {
    PluginConfig config = PluginConfig.of("bad", "grpc", json("{\"address\":\"xds:///nonsense\"}"));
    assertThatThrownBy(() -> factory.create(config, Requests.context()))
        .isInstanceOf(PluginLoadException.class)
        .hasMessageContaining("plugin bad: invalid grpc section")
        .hasMessageContaining("grpc.address: \"xds:///nonsense\"");
  }

  @Test
  void configForAnAddressWorksStandalone() throws Exception {
    try (FakePluginServer server =
        FakePluginServer.start(body -> "{\"deny\":true,\"deny_reason\":\"cli\"}".getBytes(UTF_8))) {
      PluginConfig config =
          GrpcPluginFactory.configFor("cli", server.address(), Duration.ofSeconds(20));
      assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(20));
      assertThat(factory.validate(config, "plugin")).isEmpty();
      try (Plugin plugin = factory.create(config, Requests.context())) {
        ConnectResponse response =
            plugin
                .onConnect(request("a", "b"), Deadline.after(config.timeout()))
                .get(30, TimeUnit.SECONDS);
        assertThat(response).isEqualTo(ConnectResponse.denied("cli"));
        assertThat(plugin.name()).isEqualTo("cli");
        assertThat(plugin.isReady()).isTrue();
      }
    }
    assertThat(GrpcPluginFactory.configFor("d", "127.0.0.1:1", null).timeout())
        .isEqualTo(PluginConfig.DEFAULT_TIMEOUT);
  }

  private List<String> problems(String section) {
    PluginConfig config = PluginConfig.of("p", "grpc", json(section));
    return factory.validate(config, "plugins[0]").stream().map(ConfigProblem::toString).toList();
  }

  private static JsonNode json(String text) {
    try {
      return PluginJson.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
