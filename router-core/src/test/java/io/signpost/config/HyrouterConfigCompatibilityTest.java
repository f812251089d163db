package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.signpost.configtree.ConfigProblem;
import io.signpost.plugin.Backend;
import io.signpost.plugin.PluginConfig;
import io.signpost.routing.HostnamePattern;
import io.signpost.routing.Pool;
import io.signpost.routing.Route;
import io.signpost.routing.Strategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ways Hyrouter's Go decoders (yaml.v3, encoding/json) read a configuration, each checked
 * against the same document here.
 */
class HyrouterConfigCompatibilityTest {

  private static final String ROUTING =
      "\nrouting: {default: {strategy: random, backends: [{host: a, port: 1}]}}";

  static LoadedConfig yaml(String text) throws ConfigException {
    return ConfigLoader.parse(text, ConfigFormat.YAML, FakePluginFactory.grpcAndWasm());
  }

  static LoadedConfig json(String text) throws ConfigException {
    return ConfigLoader.parse(text, ConfigFormat.JSON, FakePluginFactory.grpcAndWasm());
  }

  static List<String> warnings(LoadedConfig loaded) {
    return loaded.warnings().stream().map(ConfigProblem::toString).toList();
  }

  static List<String> errors(ConfigFormat format, String text) {
    try {
      ConfigLoader.parse(text, format, FakePluginFactory.grpcAndWasm());
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected the configuration to be refused");
  }

  @Test
  void yamlAliasesAreResolved() throws Exception {
    SignpostConfig c =
        yaml("""
                x-host: &h backend.internal
                x-pool: &base
                  strategy: round_robin
                  backends: [{host: *h, port: 5520}]
                routing:
                  default: *base
                  routes:
                    - match: {hostname: a.example.com}
                      pool: *base
                """)
            .config();
    Pool expected = c.routing().defaultPool();
    assertThat(expected.backends()).containsExactly(Backend.of("backend.internal", 5520));
    assertThat(c.routing().routes()).extracting(Route::pool).containsExactly(expected);
  }

  @Test
  void yamlMergeKeysFollowYamlV3() throws Exception {
    SignpostConfig c =
        yaml("""
                x-defaults: &defaults
                  strategy: least_loaded
                  key: counter:players
                  limit: 3
                x-more: &more
                  limit: 9
                  sample: 4
                routing:
                  default:
                    <<: [*defaults, *more]
                    limit: 5
                    backends: [{host: a, port: 1}]
                """)
            .config();
    var selection = c.routing().defaultPool().selection();
    // Keys the mapping sets win; among merged mappings the first wins.
    assertThat(selection.strategy()).isEqualTo(Strategy.LEAST_LOADED);
    assertThat(selection.key().toString()).isEqualTo("counter:players");
    assertThat(selection.limit()).isEqualTo(5);
    assertThat(selection.sample()).isEqualTo(4);
  }

  @Test
  void yamlMergeOfAScalarIsRefused() {
    assertThat(errors(ConfigFormat.YAML, "x: &s text\nrouting:\n  default:\n    <<: *s\n"))
        .singleElement()
        .asString()
        .startsWith("routing.default.<<: map merge requires a mapping or a sequence of mappings");
  }

  @Test
  void billionLaughsIsRefusedNotExpanded() {
    long started = System.nanoTime();
    assertThat(errors(ConfigFormat.YAML, HyrouterConfigSuiteTest.billionLaughs()))
        .containsExactly(
            "YAML aliases expand to more than 100000 values (expected: at most 100000; the"
                + " document is refused rather than expanded)");
    // Not a timing assertion on speed: 9^9 values would take minutes and gigabytes to build.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void aFewAliasesOfALongStringAreRefusedNotExpanded() {
    // 1 MiB of text, reached 40 times: a 1 MiB file that would be 40 MiB of document.
    String yaml = "x_text: &s " + "a".repeat(1 << 20) + "\nx_list: [" + "*s, ".repeat(40) + "*s]\n";
    assertThat(errors(ConfigFormat.YAML, yaml))
        .containsExactly(
            "YAML aliases expand to more than 16777216 characters of text (expected: at most"
                + " 16777216; the document is refused rather than expanded)");
    String keys =
        "x_map: &m\n  ? "
            + "k".repeat(1 << 20)
            + "\n  : 1\nx_list: ["
            + "*m, ".repeat(40)
            + "*m]\n";
    assertThat(errors(ConfigFormat.YAML, keys))
        .singleElement()
        .asString()
        .startsWith("YAML aliases expand to more than 16777216 characters of text");
    String aliasedKeys =
        "x_key: &k " + "k".repeat(1 << 20) + "\nx_list:\n" + "  - {*k : 1}\n".repeat(40);
    assertThat(errors(ConfigFormat.YAML, aliasedKeys))
        .singleElement()
        .asString()
        .startsWith("YAML aliases expand to more than 16777216 characters of text");
    // Aliasing short values stays as it was.
    String small = "x_text: &s " + "a".repeat(1000) + "\nx_list: [" + "*s, ".repeat(40) + "*s]\n";
    assertThatCode(
            () -> ConfigLoader.parse(small, ConfigFormat.YAML, FakePluginFactory.grpcAndWasm()))
        .doesNotThrowAnyException();
  }

  @Test
  void anAnchorThatContainsItselfIsRefused() {
    assertThat(errors(ConfigFormat.YAML, "routing: &r\n  default: *r\n"))
        .singleElement()
        .asString()
        .contains("anchor \"r\" value contains itself");
  }

  @Test
  void yamlScalarsResolveAsInYamlV3AndReadAsWritten() throws Exception {
    SignpostConfig c =
        yaml("""
                routing:
                  default:
                    strategy: random
                    backends:
                      - host: a
                        port: 0x1588
                        meta: {version: 1.10, zone: 007, enabled: yes, big: 1_000}
                """)
            .config();
    Backend b = c.routing().defaultPool().backends().get(0);
    assertThat(b.port()).isEqualTo(5512);
    assertThat(b.meta())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("version", "1.10", "zone", "007", "enabled", "yes", "big", "1_000"));
  }

  @Test
  void integralFloatsAreIntegersInYamlButNotInJson() throws Exception {
    SignpostConfig c =
        yaml("referral: {key_id: 7.0}\nrouting: {default: {strategy: random, backends: [{host: a,"
                + " port: 5520.0}]}}")
            .config();
    assertThat(c.referral().keyId()).isEqualTo(7);
    assertThat(c.routing().defaultPool().backends().get(0).port()).isEqualTo(5520);
    assertThat(errors(ConfigFormat.YAML, "referral: {key_id: 1.5}" + ROUTING))
        .containsExactly("referral.key_id: 1.5 (expected: an integer)");
    assertThat(errors(ConfigFormat.JSON, "{\"referral\":{\"key_id\":7.0}}"))
        .containsExactly("referral.key_id: 7.0 (expected: an integer)");
  }

  @Test
  void jsonKeysMatchWithoutRegardToCase() throws Exception {
    LoadedConfig loaded =
        json(
            """
            {"Listen": ":6000",
             "TLS": {"ALPN": ["hytale/2"]},
             "Routing": {"Default": {"Strategy": "random",
                                     "Backends": [{"Host": "a", "Port": 1, "Meta": {"Zone": "eu"}}]}},
             "Plugins": [{"Name": "p", "Type": "grpc", "Stage": "deny",
                          "GRPC": {"Address": "127.0.0.1:7777"}}]}
            """);
    SignpostConfig c = loaded.config();
    assertThat(warnings(loaded))
        .as("only Signpost's own fail-open warning, which Hyrouter does not give")
        .allSatisfy(w -> assertThat(w).contains("a failing plugin lets clients through"));
    assertThat(c.listen()).isEqualTo(new ListenAddress("", 6000));
    assertThat(c.tls().alpn()).containsExactly("hytale/2");
    Backend b = c.routing().defaultPool().backends().get(0);
    // Map keys (meta) are data, matched exactly as Go does.
    assertThat(b).isEqualTo(new Backend("a", 1, 0, Map.of("Zone", "eu")));
    PluginConfig p = c.plugins().get(0).config();
    assertThat(p.name()).isEqualTo("p");
    assertThat(p.backend().path("address").asText()).isEqualTo("127.0.0.1:7777");
  }

  @Test
  void yamlKeysStayCaseSensitive() throws Exception {
    LoadedConfig loaded = yaml("Listen: \":6000\"" + ROUTING);
    assertThat(loaded.config().listen()).isEqualTo(new ListenAddress("", 5520));
    assertThat(warnings(loaded))
        .containsExactly("warning: Listen: unknown key, ignored (did you mean \"listen\"?)");
  }

  @Test
  void repeatedJsonKeysFollowEncodingJson() throws Exception {
    SignpostConfig c =
        json("""
                {"listen": ":1", "listen": ":2",
                 "tls": {"alpn": ["hytale/1"]}, "TLS": {"alpn": ["hytale/2"]},
                 "routing": {"default": {"strategy": "random"}},
                 "routing": {"default": {"backends": [{"host": "a", "port": 1}]}}}
                """)
            .config();
    assertThat(c.listen()).isEqualTo(new ListenAddress("", 2));
    assertThat(c.tls().alpn()).containsExactly("hytale/2");
    // Repeated objects merge, as Go decodes the second into the struct the first filled.
    assertThat(c.routing().defaultPool().selection().strategy()).isEqualTo(Strategy.RANDOM);
    assertThat(c.routing().defaultPool().backends()).containsExactly(Backend.of("a", 1));
  }

  @Test
  void orderingAgainstAMissingPluginIsAWarning() throws Exception {
    LoadedConfig loaded =
        yaml(
            "plugins:\n  - {name: a, type: grpc, before: [ghost], grpc: {address: x:1}}" + ROUTING);
    assertThat(warnings(loaded))
        .containsExactly(
            "warning: plugins[0].before[0]: unknown plugin \"ghost\", constraint ignored"
                + " (expected: a configured plugin name)");
    assertThat(
            errors(
                ConfigFormat.YAML,
                "plugins: [{name: a, type: grpc, after: [a], grpc:"
                    + " {address: x:1}}]"
                    + ROUTING))
        .containsExactly("plugins[0].after[0]: a plugin cannot be ordered against itself");
  }

  @Test
  void zeroIdleTimeoutMeansTheTransportDefault() throws Exception {
    assertThat(yaml("quic: {max_idle_timeout: 0s}" + ROUTING).config().quic().maxIdleTimeout())
        .isEqualTo(ConfigDefaults.QUIC_MAX_IDLE_TIMEOUT);
    assertThat(errors(ConfigFormat.YAML, "quic: {max_idle_timeout: -1s}" + ROUTING))
        .containsExactly("quic.max_idle_timeout: -1s (expected: >= 0)");
  }

  @Test
  void blankAlpnEntriesAreSkipped() throws Exception {
    LoadedConfig some = yaml("tls: {alpn: [\"\", hytale/3]}" + ROUTING);
    assertThat(some.config().tls().alpn()).containsExactly("hytale/3");
    assertThat(warnings(some))
        .containsExactly("warning: tls.alpn[0]: empty entry skipped, as in Hyrouter");
    LoadedConfig none = yaml("tls: {alpn: [\"\", \" \"]}" + ROUTING);
    assertThat(none.config().tls().alpn()).containsExactly("hytale/2", "hytale/1");
    assertThat(warnings(none))
        .contains(
            "warning: tls.alpn: no protocol left after skipping empty entries: accepting hytale/2"
                + " and hytale/1, as Hyrouter does");
  }

  @Test
  void sampleOnAPoolThatDoesNotDrawIsIgnored() throws Exception {
    LoadedConfig loaded =
        yaml(
            "routing: {default: {strategy: weighted, sample: -2, backends: [{host: a, port: 1,"
                + " weight: 1}]}}");
    assertThat(loaded.config().routing().defaultPool().selection().sample()).isZero();
    assertThat(warnings(loaded))
        .containsExactlyInAnyOrder(
            "warning: routing.default.sample: -2 means the default (2)",
            "warning: routing.default.sample: has no effect for strategy weighted");
    assertThat(
            errors(
                ConfigFormat.YAML,
                "routing: {default: {strategy: p2c, key: k, sample: -1,"
                    + " backends: [{host: a, port: 1}]}}"))
        .containsExactly("routing.default.sample: -1 (expected: >= 1)");
  }

  @Test
  void localeTagsThatNormaliseAlikeKeepTheLast() throws Exception {
    LoadedConfig loaded =
        yaml(
            "messages: {disconnect_locales: {pt_BR: {no_route: first}, PT-br: {no_route: last}}}"
                + ROUTING);
    assertThat(loaded.config().messages().disconnectLocales())
        .containsOnlyKeys("PT-br")
        .containsEntry("PT-br", Map.of("no_route", "last"));
    assertThat(warnings(loaded))
        .containsExactly(
            "warning: messages.disconnect_locales.PT-br: language tag \"PT-br\" is the same as"
                + " \"pt_BR\" (tags ignore case, _ is -): this one is used");
  }

  @Test
  void aMalformedHostnamePatternMatchesNothingElse() throws Exception {
    LoadedConfig loaded =
        yaml(
            "routing: {routes: [{match: {hostnames: [\"[a-\", \"ok.example\"]}, pool: {strategy:"
                + " random, backends: [{host: a, port: 1}]}}]}");
    List<HostnamePattern> patterns = loaded.config().routing().routes().get(0).hostnames();
    assertThat(patterns.get(0).isMalformed()).isTrue();
    assertThat(patterns.get(0).matches("a")).isFalse();
    assertThat(patterns.get(1).matches("ok.example")).isTrue();
    assertThat(warnings(loaded))
        .containsExactly(
            "warning: routing.routes[0].match.hostnames[0]: bad character range in pattern \"[a-\":"
                + " matches no hostname but itself, as in Hyrouter (expected: a hostname or a"
                + " path.Match pattern)");
  }
}
