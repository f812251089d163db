package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configuration compatibility with Hyrouter: its own files ({@code config.yaml}, {@code
 * dev/*.yaml}, copied unchanged into {@code src/test/resources/hyrouter}) load, and documents
 * derived from the cases of its {@code internal/config} and {@code internal/routing} tests load or
 * are refused as Hyrouter loads or refuses them. Deliberate differences are listed in
 * docs/migrating-from-hyrouter.md and have their own cases at the end, named for the difference.
 */
class HyrouterConfigSuiteTest {

  private static final String BACKEND =
      "routing: {default: {strategy: round_robin, backends: [{host: play.hyvane.com, port: 5520}]}}";

  static Stream<Path> hyrouterFiles() throws IOException, URISyntaxException {
    Path root = Path.of(HyrouterConfigSuiteTest.class.getResource("/hyrouter").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).hasSize(7);
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("hyrouterFiles")
  void hyroutersOwnFilesLoad(Path file) throws Exception {
    LoadedConfig loaded = ConfigLoader.load(file, FakePluginFactory.grpcAndWasm());
    assertThat(loaded.config()).isNotNull();
    assertThat(loaded.warnings())
        .allSatisfy(
            w ->
                assertThat(w.message())
                    .as(file + ": " + w)
                    // The expected warnings: a discovery provider that router-core alone does not
                    // have (kubernetes-discovery provides it), and a deny-stage plugin that fails
                    // open (Signpost's own safety warning).
                    .containsAnyOf(
                        "no discovery provider of type", "a failing plugin lets clients through"));
  }

  /** Documents Hyrouter accepts. */
  static Stream<Arguments> accepted() {
    return Stream.of(
        // config_test.go TestLoadYAML
        yaml(
            "TestLoadYAML",
            "listen: ':5520'\ntls:\n  alpn:\n    - hytale/1\nrouting:\n  default:\n"
                + "    strategy: round_robin\n    backends:\n      - host: play.hyvane.com\n"
                + "        port: 5520\n"),
        // config_test.go TestLoadJSON
        json(
            "TestLoadJSON",
            "{\"listen\":\":5520\",\"tls\":{\"alpn\":[\"hytale/1\"]},\"routing\":{\"default\":"
                + "{\"strategy\":\"round_robin\",\"backends\":[{\"host\":\"play.hyvane.com\","
                + "\"port\":5520}]}}}"),
        // TestValidate_Errors: a valid idle timeout
        yaml("max_idle_timeout 1s", "quic: {max_idle_timeout: 1s}\n" + BACKEND),
        // TestValidate_ValidWithPlugins: upper-case stage, grpc address
        yaml(
            "ValidWithPlugins",
            "listen: ':1'\nquic: {max_idle_timeout: 10s}\nplugins:\n"
                + "  - {name: a, type: grpc, stage: DENY, grpc: {address: '127.0.0.1:1'}}\n"),
        // config_more_test.go TestValidateRouting: no routing at all
        yaml("no routing", "listen: ':5520'\n"),
        // TestValidateDiscoveryRefs: a declared provider
        yaml(
            "discovery ref",
            "discovery: {providers: [{name: p, type: kubernetes, kubernetes: {}}]}\n"
                + "routing: {default: {strategy: round_robin, discovery: {provider: p}}}\n"),
        // order_test.go: before/after naming nothing are ignored
        yaml(
            "missing order deps",
            "plugins:\n  - {name: z, type: grpc, after: [missing], grpc: {address: x:1}}\n"
                + "  - {name: r, type: grpc, grpc: {address: x:1}}\n"
                + "  - {name: d, type: grpc, stage: deny, grpc: {address: x:1}}\n"),
        // routing_test.go TestHostnameMatches: an empty pattern never matches, but loads
        yaml(
            "empty hostname pattern",
            "routing: {routes: [{match: {hostnames: ['']}, pool: {strategy: random,"
                + " backends: [{host: a, port: 1}]}}]}\n"),
        // Go decoder behaviour the issue lists
        yaml(
            "anchors",
            "x-backend: &b {host: a, port: 1}\n"
                + "routing: {default: {strategy: random, backends: [*b]}}\n"),
        json(
            "case-insensitive JSON keys",
            "{\"Routing\":{\"Default\":{\"Strategy\":\"random\",\"Backends\":[{\"Host\":\"a\","
                + "\"Port\":1}]}}}"),
        json("duplicate JSON key", "{\"listen\":\":1\",\"listen\":\":2\"}"),
        yaml(
            "integral float port",
            "routing: {default: {strategy: random, backends: [{host: a," + " port: 1.0}]}}\n"),
        yaml(
            "unknown grpc key",
            "plugins: [{name: a, type: grpc, grpc: {address: 'x:1', tls_ca:" + " y}}]\n"),
        yaml(
            "grpc target without port",
            "plugins: [{name: a, type: grpc, grpc: {address:" + " plugin-svc}}]\n"),
        yaml("empty base64 secret", "referral: {hmac_secret: 'base64:'}\n" + BACKEND),
        yaml("idle timeout 0s", "quic: {max_idle_timeout: 0s}\n" + BACKEND),
        yaml("blank alpn entry", "tls: {alpn: ['']}\n" + BACKEND),
        yaml(
            "sample on round_robin",
            "routing: {default: {strategy: round_robin, sample: -3, backends: [{host: a, port:"
                + " 1}]}}\n"),
        yaml(
            "locale keys that normalise to one tag",
            "messages: {disconnect_locales: {de: {no_route: a}, DE: {no_route: b}}}\n" + BACKEND),
        yaml(
            "malformed hostname pattern",
            "routing: {routes: [{match: {hostname: '[a-'}, pool: {strategy: random, backends:"
                + " [{host: a, port: 1}]}}]}\n"));
  }

  /** Documents Hyrouter refuses. */
  static Stream<Arguments> refused() {
    return Stream.of(
        // TestValidate_Errors
        yaml("empty listen", "listen: ''\n"),
        yaml("cert without key", "tls: {cert_file: x}\n"),
        yaml("empty alpn", "tls: {alpn: []}\n"),
        yaml(
            "empty backend host",
            "routing: {default: {strategy: round_robin, backends: [{host:" + " '', port: 1}]}}\n"),
        yaml(
            "duplicate plugin names",
            "plugins:\n  - {name: a, type: grpc, grpc: {address: '127.0.0.1:1'}}\n"
                + "  - {name: a, type: grpc, grpc: {address: '127.0.0.1:1'}}\n"),
        yaml(
            "unknown stage",
            "plugins: [{name: a, type: grpc, stage: nope, grpc: {address:" + " '127.0.0.1:1'}}]\n"),
        yaml("grpc without address", "plugins: [{name: a, type: grpc}]\n"),
        yaml("wasm without path", "plugins: [{name: a, type: wasm}]\n"),
        yaml("unknown plugin type", "plugins: [{name: a, type: nope}]\n"),
        // TestLoadInvalidMaxIdleTimeout
        yaml(
            "invalid idle timeout",
            "listen: ':5520'\ntls:\n  alpn:\n    - hytale/1\nquic:\n  max_idle_timeout:"
                + " notaduration\n"),
        // config_more_test.go
        yaml(
            "backend port 0",
            "routing: {default: {strategy: round_robin, backends: [{host:"
                + " example, port: 0}]}}\n"),
        yaml("TestLoadRejectsBadTLSConfig", "listen: ':5520'\ntls:\n  cert_file: foo\n"),
        yaml(
            "discovery without providers",
            "routing: {default: {strategy: round_robin, discovery: {provider: missing}}}\n"),
        yaml(
            "bad allocate_min_interval",
            "discovery: {providers: [{name: a, type: agones, agones: {allocate_min_interval:"
                + " nope}}]}\n"),
        // routing_test.go TestConfigValidate: a route without match
        yaml(
            "route without match",
            "routing: {routes: [{pool: {strategy: round_robin, backends:"
                + " [{host: x, port: 1}]}}]}\n"),
        // order_test.go TestOrderPluginConfigs_Cycle
        yaml(
            "ordering cycle",
            "plugins:\n  - {name: a, type: grpc, after: [b], grpc: {address: x:1}}\n"
                + "  - {name: b, type: grpc, after: [a], grpc: {address: x:1}}\n"),
        // yaml.v3 refuses a repeated key, encoding/json a fraction in an integer
        yaml("duplicate YAML key", "listen: ':1'\nlisten: ':2'\n"),
        json(
            "float port in JSON",
            "{\"routing\":{\"default\":{\"strategy\":\"random\",\"backends\":[{\"host\":\"a\","
                + "\"port\":1.0}]}}}"),
        // yaml.v3: "document contains excessive aliasing"
        yaml("billion laughs", billionLaughs()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void loadsWhatHyrouterLoads(String name, ConfigFormat format, String text) throws Exception {
    assertThat(ConfigLoader.parse(text, format, FakePluginFactory.grpcAndWasm()).config())
        .isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesWhatHyrouterRefuses(String name, ConfigFormat format, String text) {
    assertThatThrownBy(() -> ConfigLoader.parse(text, format, FakePluginFactory.grpcAndWasm()))
        .isInstanceOf(ConfigException.class);
  }

  static String billionLaughs() {
    StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      sb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        sb.append(i == 0 ? "" : ",").append('*').append(p);
      }
      sb.append("]\n");
    }
    return sb.toString();
  }

  private static Arguments yaml(String name, String text) {
    return Arguments.of(name, ConfigFormat.YAML, text);
  }

  private static Arguments json(String name, String text) {
    return Arguments.of(name, ConfigFormat.JSON, text);
  }
}
