package io.signpost.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.file.BoundedFiles;
import io.signpost.plugin.Backend;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginSpec;
import io.signpost.plugin.Stage;
import io.signpost.routing.CompareFilter;
import io.signpost.routing.GameStartNotPastFilter;
import io.signpost.routing.Pool;
import io.signpost.routing.PoolDiscovery;
import io.signpost.routing.Route;
import io.signpost.routing.RoutingEngine;
import io.signpost.routing.SortKey;
import io.signpost.routing.Strategy;
import io.signpost.routing.WhitelistFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final Path DEV = Path.of("..", "dev");

  @TempDir Path tmp;

  static LoadedConfig yaml(String text) throws ConfigException {
    return ConfigLoader.parse(text, ConfigFormat.YAML, FakePluginFactory.grpcAndWasm());
  }

  static List<String> errors(String text) {
    try {
      yaml(text);
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigProblem::toString).toList();
    }
    throw new AssertionError("expected the configuration to be refused");
  }

  static List<String> warnings(String text) throws ConfigException {
    return yaml(text).warnings().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void devConfigLoads() throws Exception {
    LoadedConfig loaded = ConfigLoader.load(DEV.resolve("config.dev.yaml"), Map.of());
    SignpostConfig c = loaded.config();
    assertThat(loaded.warnings()).isEmpty();
    assertThat(c.listen()).isEqualTo(new ListenAddress("", 5520));
    assertThat(c.tls().alpn()).containsExactly("hytale/*");
    assertThat(c.tls().selfSigned()).isTrue();
    assertThat(c.quic().maxIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.logging().logClientIp()).isTrue();
    assertThat(c.messages().disconnectLocales())
        .containsKeys("de", "fr", "es", "pt", "pt-BR", "it");
    Pool pool = c.routing().defaultPool();
    assertThat(pool.selection().strategy()).isEqualTo(Strategy.ROUND_ROBIN);
    assertThat(pool.backends()).containsExactly(Backend.of("127.0.0.1", 5521));
  }

  @Test
  void pluginsDevConfigLoadsWithFactoriesValidatingEachSection() throws Exception {
    FakePluginFactory grpc = new FakePluginFactory("grpc", "address");
    FakePluginFactory wasm = new FakePluginFactory("wasm", "path");
    LoadedConfig loaded =
        ConfigLoader.load(
            DEV.resolve("config.plugins.dev.yaml"), Map.of("grpc", grpc, "wasm", wasm));
    List<PluginConfig> plugins =
        loaded.config().plugins().stream().map(PluginSpec::config).toList();
    assertThat(plugins).extracting(PluginConfig::name).containsExactly("deny-grpc", "mutate-wasm");
    PluginConfig deny = plugins.get(0);
    assertThat(deny.type()).isEqualTo("grpc");
    assertThat(deny.stage()).isEqualTo(Stage.DENY);
    assertThat(deny.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(deny.onError()).isEqualTo(OnError.CONTINUE);
    assertThat(deny.backend().get("address").asText()).isEqualTo("127.0.0.1:7777");
    PluginConfig mutate = plugins.get(1);
    assertThat(mutate.stage()).isEqualTo(Stage.MUTATE);
    assertThat(mutate.timeout()).isEqualTo(PluginConfig.DEFAULT_TIMEOUT);
    assertThat(mutate.onError()).isEqualTo(OnError.CONTINUE);
    assertThat(mutate.backend().get("path").asText()).isEqualTo("examples/rust-plugin/plugin.wasm");
    assertThat(mutate.config().isMissingNode()).isTrue();
    assertThat(grpc.validatedPaths).containsExactly("plugins[0]");
    assertThat(wasm.validatedPaths).containsExactly("plugins[1]");
    assertThat(loaded.config().plugins())
        .as("each section read once, its options kept for startup")
        .<Object>extracting(PluginSpec::options)
        .containsExactly("127.0.0.1:7777", "examples/rust-plugin/plugin.wasm");
  }

  @Test
  void yamlAndJsonLoadTheSame() throws Exception {
    String yaml =
        """
        listen: "127.0.0.1:6000"
        quic: {max_idle_timeout: 1m30s, retry: false}
        referral: {key_id: 7, hmac_secret: "hex:00ff"}
        routing:
          routes:
            - match: {hostnames: ["*.example.com", "example.net"]}
              pool:
                strategy: p2c
                key: counter:players.count
                sample: 3
                sort: [{key: label:region, order: desc}]
                limit: 5
                filters:
                  - {type: compare, left: counter:players.count, op: lt, right: "100"}
                fallback: [{strategy: random, filters: []}]
                backends:
                  - {host: a.internal, port: 5520, meta: {counter.players.count: 3}}
                  - {host: b.internal, port: 5521, weight: 2}
        plugins:
          - name: auth
            type: grpc
            stage: deny
            on_error: fail_closed
            config: {realm: eu, ids: [1, 2]}
            grpc: {address: "127.0.0.1:7777"}
        limits: {max_frame_bytes: 1024}
        admin: {listen: ""}
        """;
    String json =
        """
        {"listen": "127.0.0.1:6000",
         "quic": {"max_idle_timeout": "1m30s", "retry": false},
         "referral": {"key_id": 7, "hmac_secret": "hex:00ff"},
         "routing": {"routes": [{
           "match": {"hostnames": ["*.example.com", "example.net"]},
           "pool": {"strategy": "p2c", "key": "counter:players.count", "sample": 3,
             "sort": [{"key": "label:region", "order": "desc"}], "limit": 5,
             "filters": [{"type": "compare", "left": "counter:players.count", "op": "lt",
                          "right": "100"}],
             "fallback": [{"strategy": "random", "filters": []}],
             "backends": [{"host": "a.internal", "port": 5520,
                           "meta": {"counter.players.count": 3}},
                          {"host": "b.internal", "port": 5521, "weight": 2}]}}]},
         "plugins": [{"name": "auth", "type": "grpc", "stage": "deny", "on_error": "fail_closed",
           "config": {"realm": "eu", "ids": [1, 2]}, "grpc": {"address": "127.0.0.1:7777"}}],
         "limits": {"max_frame_bytes": 1024},
         "admin": {"listen": ""}}
        """;
    Path y = Files.writeString(tmp.resolve("c.yml"), yaml);
    Path j = Files.writeString(tmp.resolve("c.JSON"), json);
    Map<String, PluginFactory<?>> factories = FakePluginFactory.grpcAndWasm();
    SignpostConfig fromYaml = ConfigLoader.load(y, factories).config();
    SignpostConfig fromJson = ConfigLoader.load(j, factories).config();
    assertThat(fromYaml).isEqualTo(fromJson);

    assertThat(fromYaml.quic()).isEqualTo(new QuicConfig(Duration.ofSeconds(90), false, null));
    assertThat(fromYaml.referral().keyId()).isEqualTo(7);
    assertThat(fromYaml.referral().hmacSecret().bytes()).containsExactly(0, 0xff);
    assertThat(fromYaml.limits().maxFrameBytes()).isEqualTo(1024);
    assertThat(fromYaml.limits().connectTimeout()).isEqualTo(ConfigDefaults.CONNECT_TIMEOUT);
    assertThat(fromYaml.admin().listen()).isNull();
    Route r = fromYaml.routing().routes().get(0);
    assertThat(r.matches("play.example.com")).isTrue();
    assertThat(r.pool().selection().sort())
        .singleElement()
        .satisfies(s -> assertThat(s.order()).isEqualTo(SortKey.Order.DESC));
    assertThat(r.pool().backends().get(0).meta()).containsEntry("counter.players.count", "3");
    assertThat(r.pool().fallback().get(0).filters()).isEmpty();
    assertThat(fromYaml.plugins().get(0).config().config().get("ids").size()).isEqualTo(2);
    assertThat(fromYaml.plugins().get(0).config().onError()).isEqualTo(OnError.DENY);
  }

  @Test
  void hyrouterDocumentedExampleLoads() throws Exception {
    LoadedConfig loaded =
        yaml(
            """
            discovery:
              providers:
                - name: agones
                  type: agones
                  agones:
                    kubeconfig: ""
                    namespaces: ["hytale"]
                    mode: observe
                    allocate_min_interval: "250ms"
                    state: ["Ready", "Reserved"]
                    selector:
                      labels: "agones.dev/fleet=hytale,region=eu"
                      annotations: "hyrouter/enabled=true"
                    metadata:
                      include_labels: ["agones.dev/fleet"]
                      include_annotations: ["agones.dev/sdk-whitelist-enabled"]
                    address: {source: "addresses", preference: ["ExternalIP", "PublicIP"]}
                    port: {name: gameport}
                - name: k8s
                  type: kubernetes
                  kubernetes:
                    kubeconfig: ""
                    namespaces: ["hytale"]
                    resources:
                      - kind: endpointslices
                        service: {name: hytale-backend, namespace: hytale}
                        port: {name: game}
                    filters: {require_pod_ready: true, require_pod_phase: ["Running"],
                              require_endpoint_ready: true}
                    metadata: {include_labels: ["region"], include_annotations: ["hyrouter/weight"]}
            routing:
              default:
                strategy: round_robin
                backends:
                  - host: play.hyvane.com
                    port: 5520
              routes:
                - match:
                    hostname: "alpha.example.com"
                  pool:
                    strategy: weighted
                    backends:
                      - {host: alpha-backend-a.internal, port: 5520, weight: 1}
                      - {host: alpha-backend-b.internal, port: 5520, weight: 3}
                - match:
                    hostname: "play.example.com"
                  pool:
                    strategy: p2c
                    key: counter:onlinePlayers.count
                    sample: 2
                    filters:
                      - type: compare
                        left: counter:onlinePlayers.count
                        op: lt
                        right: counter:onlinePlayers.capacity
                      - type: game_start_not_past
                        key: annotation.agones.dev/sdk-game-start
                      - type: whitelist
                        enabled_key: annotation.agones.dev/sdk-whitelist-enabled
                        list_key: list.whitelistedPlayers.values
                    fallback:
                      - strategy: round_robin
                        filters: []
                    discovery:
                      provider: agones
                      mode: prefer
            """);
    Pool p = loaded.config().routing().routes().get(1).pool();
    assertThat(p.selection().filters())
        .hasExactlyElementsOfTypes(
            CompareFilter.class, GameStartNotPastFilter.class, WhitelistFilter.class);
    assertThat(p.discovery()).isEqualTo(new PoolDiscovery("agones", PoolDiscovery.Mode.PREFER));
    assertThat(loaded.config().discoveryProviders())
        .extracting(DiscoveryProviderConfig::type)
        .containsExactly("agones", "kubernetes");
    assertThat(new RoutingEngine(loaded.config().routing()).describe())
        .containsExactly(
            "routes[0] [alpha.example.com] -> weighted",
            "    alpha-backend-a.internal:5520 weight=1",
            "    alpha-backend-b.internal:5520 weight=3",
            "routes[1] [play.example.com] -> p2c key=counter:onlinePlayers.count sample=2"
                + " filters=[compare(counter:onlinePlayers.count lt"
                + " counter:onlinePlayers.capacity),"
                + " game_start_not_past(annotation.agones.dev/sdk-game-start), whitelist(uuid in"
                + " list.whitelistedPlayers.values if annotation.agones.dev/sdk-whitelist-enabled)]"
                + " fallbacks=1 discovery=agones/prefer",
            "default -> round_robin",
            "    play.hyvane.com:5520");
    assertThat(loaded.warnings())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "warning: discovery.providers[0].type: no discovery provider of type agones is"
                + " installed (expected: the kubernetes-discovery module on the class path); pools"
                + " using \"agones\" answer discovery_error",
            "warning: discovery.providers[1].type: no discovery provider of type kubernetes is"
                + " installed (expected: the kubernetes-discovery module on the class path); pools"
                + " using \"k8s\" answer discovery_error");
  }

  @Test
  void reportsEveryMistakeWithItsPath() {
    assertThat(
            errors(
                """
                listen: "5520"
                tls:
                  cert_file: /nonexistent/cert.pem
                  alpn: ["hytale/*", ""]
                quic: {max_idle_timeout: 30}
                logging: {log_client_ip: "maybe"}
                referral: {key_id: 256, hmac_secret: "base64:%%%"}
                limits: {connect_timeout: 0s, max_frame_bytes: 5000000, max_connections: 0,
                         shutdown_grace: -1s}
                admin: {listen: "localhost", decision_log_size: -1}
                routing:
                  default:
                    strategy: fastest
                    backends: []
                  routes:
                    - match: {}
                      pool:
                        strategy: least_loaded
                        backends: [{host: a, port: 1}]
                    - match: {hostname: "[a-"}
                      pool:
                        strategy: p2c
                        key: load
                        sample: -1
                        limit: -2
                        sort: [{key: "", type: date, order: up}]
                        filters:
                          - {type: compare, left: a, op: about, right: b}
                          - {type: whitelist, subject: ip}
                          - {type: game_start_not_past}
                          - {type: teleport}
                        backends: [{host: a, port: 1}]
                    - match: {hostname: "ok.example.com"}
                      pool:
                        strategy: weighted
                        discovery: {provider: nowhere, mode: sometimes}
                        backends:
                          - {host: "", port: 70000}
                          - {host: b, port: "5520", weight: 0}
                          - {host: c}
                        fallback:
                          - {strategy: least_loaded}
                plugins:
                  - {name: a, type: grpc, stage: first, grpc: {address: x}}
                  - {name: a, type: lua, timeout: 0s, on_error: explode, after: [ghost]}
                  - {type: wasm, wasm: {}}
                """))
        .containsExactlyInAnyOrder(
            "listen: \"5520\": missing port (expected: host:port, :port or [ipv6]:port)",
            "tls.cert_file: file not found: /nonexistent/cert.pem (expected: a PEM certificate)",
            "tls.key_file: missing while tls.cert_file is set (expected: both or neither)",
            "quic.max_idle_timeout: invalid duration \"30\": missing unit"
                + " (expected: e.g. 30s, 250ms, 1h30m)",
            "logging.log_client_ip: \"maybe\" (expected: true or false)",
            "referral.key_id: 256 (expected: 0..255)",
            "referral.hmac_secret: invalid base64 after \"base64:\": Illegal base64 character 25"
                + " (expected: standard base64)",
            "limits.connect_timeout: 0s (expected: > 0)",
            "limits.max_frame_bytes: 5000000 (expected: 1..4194304)",
            "limits.max_connections: 0 (expected: >= 1)",
            "limits.shutdown_grace: -1s (expected: >= 0)",
            "admin.listen: \"localhost\": missing port (expected: host:port, :port or [ipv6]:port)",
            "admin.decision_log_size: -1 (expected: 0..100000)",
            "routing.default.strategy: unknown strategy \"fastest\" (expected: one of round_robin,"
                + " random, weighted, least_loaded, p2c)",
            "routing.default.backends: must not be empty (expected: at least one backend, or"
                + " discovery)",
            "routing.routes[0].match: must not be empty (expected: hostname or hostnames)",
            "routing.routes[0].pool.key: must not be empty for strategy least_loaded (expected: a"
                + " numeric metadata key such as counter:players.count)",
            "routing.routes[1].pool.sample: -1 (expected: >= 1)",
            "routing.routes[1].pool.limit: -2 (expected: >= 0)",
            "routing.routes[1].pool.sort[0].key: must not be empty (expected: a backend field or"
                + " metadata key)",
            "routing.routes[1].pool.sort[0].type: \"date\" (expected: string or number)",
            "routing.routes[1].pool.sort[0].order: \"up\" (expected: asc or desc)",
            "routing.routes[1].pool.filters[0].op: unknown op \"about\" (expected: one of lt, lte,"
                + " gt, gte, eq, neq)",
            "routing.routes[1].pool.filters[1].subject: \"ip\" (expected: uuid or username)",
            "routing.routes[1].pool.filters[1].enabled_key: must not be empty (expected: a metadata"
                + " key)",
            "routing.routes[1].pool.filters[1].list_key: must not be empty (expected: a metadata"
                + " key)",
            "routing.routes[1].pool.filters[2].key: must not be empty (expected: a metadata key)",
            "routing.routes[1].pool.filters[3].type: unknown filter type \"teleport\" (expected:"
                + " one of compare, whitelist, game_start_not_past)",
            "routing.routes[2].pool.discovery.provider: \"nowhere\" but the top-level discovery"
                + " section is missing (expected: a name from discovery.providers)",
            "routing.routes[2].pool.discovery.mode: \"sometimes\" (expected: union or prefer)",
            "routing.routes[2].pool.backends[0].host: must not be empty (expected: a host name or"
                + " IP address)",
            "routing.routes[2].pool.backends[0].port: 70000 (expected: 1..65535)",
            "routing.routes[2].pool.backends[0].weight: missing (expected: > 0 for strategy"
                + " weighted)",
            "routing.routes[2].pool.backends[1].port: \"5520\" (expected: an integer)",
            "routing.routes[2].pool.backends[1].weight: 0 (expected: > 0 for strategy weighted)",
            "routing.routes[2].pool.backends[2].port: missing (expected: 1..65535)",
            "routing.routes[2].pool.backends[2].weight: missing (expected: > 0 for strategy"
                + " weighted)",
            "routing.routes[2].pool.fallback[0].key: must not be empty for strategy least_loaded"
                + " (expected: a numeric metadata key, here or on the pool)",
            "plugins[0].stage: unknown stage \"first\" (expected: deny, route or mutate)",
            "plugins[1].type: unknown plugin type \"lua\" (expected: one of grpc, wasm)",
            "plugins[1].name: duplicate plugin name \"a\" (expected: unique names)",
            "plugins[1].timeout: 0s (expected: > 0)",
            "plugins[1].on_error: \"explode\" (expected: continue, deny, fail_open or fail_closed)",
            "plugins[2].name: must not be empty (expected: a unique plugin name)",
            "plugins[2].wasm.path: must not be empty");
  }

  @Test
  void wrongTypesBecomeProblemsNotExceptions() {
    assertThat(
            errors(
                """
                listen: [1, 2]
                tls: "true"
                quic: {max_idle_timeout: {a: 1}}
                routing:
                  routes: "everything"
                  default: {strategy: random, backends: {host: a}, limit: 1.5, sample: 3000000000}
                plugins: {name: x}
                limits: {max_connections: "many"}
                """))
        .containsExactlyInAnyOrder(
            "listen: a list (expected: a string)",
            "tls: \"true\" (expected: an object)",
            "quic.max_idle_timeout: an object (expected: a string)",
            "routing.routes: \"everything\" (expected: a list)",
            "routing.default.backends: an object (expected: a list)",
            "routing.default.limit: 1.5 (expected: an integer)",
            "routing.default.sample: 3000000000 (expected: a smaller integer)",
            "plugins: an object (expected: a list)",
            "limits.max_connections: \"many\" (expected: an integer)");
  }

  @Test
  void decisionLogSizeAboveTheLogsMaximumIsAProblem() {
    assertThat(errors("admin: {decision_log_size: 100001}"))
        .containsExactly("admin.decision_log_size: 100001 (expected: 0..100000)");
  }

  @Test
  void eventLoopsDefaultToTheProcessorsAndAreRead() throws Exception {
    assertThat(yaml("listen: \":5520\"").config().listener().eventLoops())
        .isEqualTo(Math.min(Runtime.getRuntime().availableProcessors(), 256));
    assertThat(yaml("listener: {event_loops: 3}").config().listener().eventLoops()).isEqualTo(3);
  }

  @Test
  void eventLoopsOutsideTheirRangeAreAProblem() {
    assertThat(errors("listener: {event_loops: 0}"))
        .containsExactly("listener.event_loops: 0 (expected: 1..256)");
    assertThat(errors("listener: {event_loops: 257}"))
        .containsExactly("listener.event_loops: 257 (expected: 1..256)");
    assertThat(errors("listener: {event_loops: many}"))
        .containsExactly("listener.event_loops: \"many\" (expected: an integer)");
  }

  @Test
  void eachWrongValueIsReportedOnce() {
    assertThat(errors("routing: {routes: 5}"))
        .containsExactly("routing.routes: 5 (expected: a list)");
  }

  @Test
  void unknownKeysAreWarningsWithSuggestions() throws Exception {
    assertThat(
            warnings(
                """
                listne: ":5520"
                future_feature: true
                routing:
                  default:
                    stratgy: random
                    strategy: random
                    backends: [{host: a, port: 1, wieght: 2}]
                messages:
                  disconnect: {no_rout: "x"}
                plugins:
                  - {name: p, type: grpc, grpc: {address: x}, wasm: {path: y}, timout: 2s}
                """))
        .containsExactlyInAnyOrder(
            "warning: listne: unknown key, ignored (did you mean \"listen\"?)",
            "warning: future_feature: unknown key, ignored",
            "warning: routing.default.stratgy: unknown key, ignored (did you mean \"strategy\"?)",
            "warning: routing.default.backends[0].wieght: unknown key, ignored (did you mean"
                + " \"weight\"?)",
            "warning: messages.disconnect.no_rout: unknown key, ignored (did you mean"
                + " \"no_route\"?)",
            "warning: plugins[0].wasm: ignored: this is the section of type wasm, but type is"
                + " \"grpc\"",
            "warning: plugins[0].timout: unknown key, ignored (did you mean \"timeout\"?)");
  }

  @Test
  void yaml11BooleansAreAccepted() throws Exception {
    String routing = "\nrouting: {default: {strategy: random, backends: [{host: a, port: 1}]}}";
    assertThat(yaml("logging: {log_client_ip: \"y\"}" + routing).config().logging().logClientIp())
        .isTrue();
    assertThat(yaml("quic: {retry: Off}" + routing).config().quic().retry()).isFalse();
    assertThat(yaml("quic: {retry: n}" + routing).config().quic().retry()).isFalse();
  }

  @Test
  void keyAndSampleWithoutEffectAreWarnings() throws Exception {
    assertThat(
            warnings(
                """
                routing:
                  default: {strategy: random, key: load, sample: 3, backends: [{host: a, port: 1}]}
                  routes:
                    - match: {hostname: a}
                      pool:
                        strategy: random
                        key: load
                        sample: 0
                        fallback: [{strategy: p2c}]
                        backends: [{host: a, port: 1}]
                """))
        .containsExactlyInAnyOrder(
            "warning: routing.routes[0].pool.sample: 0 means the default (2)",
            "warning: routing.default.key: has no effect for strategy random",
            "warning: routing.default.sample: has no effect for strategy random");
  }

  @Test
  void emptyDocumentGetsDefaultsAndAWarning() throws Exception {
    LoadedConfig loaded = yaml("");
    SignpostConfig c = loaded.config();
    assertThat(loaded.warnings())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "warning: routing: no routes and no default pool: every connection is refused with"
                + " no_route");
    assertThat(c.listen().toString()).isEqualTo(":5520");
    assertThat(c.tls().alpn()).isEqualTo(ConfigDefaults.ALPN);
    assertThat(c.quic()).isEqualTo(new QuicConfig(Duration.ofSeconds(30), true, null));
    assertThat(c.logging().logClientIp()).isFalse();
    assertThat(c.referral()).isEqualTo(new ReferralConfig(0, null));
    assertThat(c.limits()).isEqualTo(LimitsConfig.defaults());
    assertThat(c.admin()).isEqualTo(AdminConfig.defaults());
    assertThat(c.admin().listen().toString()).isEqualTo("127.0.0.1:9091");
    assertThat(c.messages()).isEqualTo(MessagesConfig.defaults());
    assertThat(c.routing().defaultPool()).isNull();
    assertThat(c.plugins()).isEmpty();
  }

  @Test
  void builtInDefaultConfig() {
    SignpostConfig d = SignpostConfig.defaults();
    assertThat(d.listen().toString()).isEqualTo(":5520");
    assertThat(d.tls().selfSigned()).isTrue();
    assertThat(d.tls().alpn()).containsExactly("hytale/*");
    assertThat(d.routing().defaultPool().selection().strategy()).isEqualTo(Strategy.ROUND_ROBIN);
    assertThat(d.routing().defaultPool().backends()).containsExactly(Backend.of("127.0.0.1", 5521));
    assertThat(d.plugins()).isEmpty();
  }

  @Test
  void explicitEmptyLocalesDisableBuiltInTranslations() throws Exception {
    MessagesConfig m =
        yaml("""
        routing: {default: {strategy: random, backends: [{host: a, port: 1}]}}
        messages:
          disconnect: {no_route: "Nope ${sni}", denied: "Go away"}
          disconnect_locales: {}
        """)
            .config()
            .messages();
    assertThat(m.disconnectLocales()).isEmpty();
    assertThat(m.disconnect())
        .containsEntry("no_route", "Nope ${sni}")
        .containsEntry("denied", "Go away")
        .containsEntry("no_backends", ConfigDefaults.DISCONNECT_MESSAGES.get("no_backends"));
  }

  @Test
  void pluginOrderingCyclesAreReported() {
    assertThat(
            errors(
                """
                routing: {default: {strategy: random, backends: [{host: a, port: 1}]}}
                plugins:
                  - {name: a, type: grpc, grpc: {address: x}, before: [b]}
                  - {name: b, type: grpc, grpc: {address: x}, before: [a]}
                """))
        .singleElement()
        .asString()
        .startsWith("plugins: before/after constraints of stage route form a cycle: a -> b");
  }

  @Test
  void withoutFactoriesEveryPluginTypeIsUnknown() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "plugins: [{name: a, type: wasm, wasm: {path: x}}]",
                    ConfigFormat.YAML,
                    Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigProblem::toString)
                    .containsExactly(
                        "plugins[0].type: unknown plugin type \"wasm\" (expected: a plugin type;"
                            + " none is installed)"));
  }

  @Test
  void aFactoryThatThrowsBecomesAProblem() {
    PluginFactory<String> broken =
        new FakePluginFactory("wasm", "path") {
          @Override
          public String read(PluginConfig config, ConfigNode entry) {
            throw new IllegalStateException("boom");
          }
        };
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "plugins: [{name: a, type: wasm, wasm: {path: x}}]",
                    ConfigFormat.YAML,
                    Map.of("wasm", broken)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigProblem::toString)
                    .containsExactly(
                        "plugins[0]: the wasm plugin factory failed to validate this entry:"
                            + " java.lang.IllegalStateException: boom"));
  }

  @Test
  void tlsFilesMustExistTogether() throws Exception {
    Path cert = Files.writeString(tmp.resolve("cert.pem"), "x");
    Path key = Files.writeString(tmp.resolve("key.pem"), "x");
    TlsConfig tls =
        yaml("tls: {cert_file: \""
                + cert
                + "\", key_file: \""
                + key
                + "\"}\n"
                + "routing: {default: {strategy: random, backends: [{host: a, port: 1}]}}")
            .config()
            .tls();
    assertThat(tls.certFile()).isEqualTo(cert);
    assertThat(tls.selfSigned()).isFalse();
    assertThat(errors("tls: {key_file: \"" + key + "\"}"))
        .contains("tls.cert_file: missing while tls.key_file is set (expected: both or neither)");
  }

  @Test
  void referralSecretFormats() throws Exception {
    String routing = "\nrouting: {default: {strategy: random, backends: [{host: a, port: 1}]}}";
    assertThat(
            yaml("referral: {hmac_secret: \"base64:c2VjcmV0\"}" + routing)
                .config()
                .referral()
                .hmacSecret())
        .isEqualTo(HmacSecret.parse("secret"));
    LoadedConfig unsigned = yaml("referral: {key_id: 3, hmac_secret: \"\"}" + routing);
    assertThat(unsigned.config().referral()).isEqualTo(new ReferralConfig(3, null));
    assertThat(unsigned.warnings())
        .extracting(ConfigProblem::toString)
        .containsExactly("warning: referral.hmac_secret: empty: referral envelopes are not signed");
    for (String empty : List.of("base64:", "hex:", " BASE64: ")) {
      LoadedConfig noBytes =
          yaml("referral: {key_id: 3, hmac_secret: \"" + empty + "\"}" + routing);
      assertThat(noBytes.config().referral()).isEqualTo(new ReferralConfig(3, null));
      assertThat(noBytes.warnings())
          .extracting(ConfigProblem::toString)
          .containsExactly(
              "warning: referral.hmac_secret: decodes to no bytes: referral envelopes are not"
                  + " signed");
    }
    assertThat(errors("referral: {hmac_secret: \"hex:abc\"}" + routing))
        .containsExactly(
            "referral.hmac_secret: invalid hex after \"hex:\" (expected: an even number of hex"
                + " digits)");
  }

  @Test
  void discoveryShapeIsChecked() {
    assertThat(
            errors(
                """
                discovery:
                  providers:
                    - {name: a, type: agones, agones: {mode: grab, address: {source: dns},
                       allocate_min_interval: soon, selector: {annotations: "k="}}}
                    - {name: a, type: consul}
                    - {name: k, type: kubernetes}
                routing:
                  default: {strategy: random, discovery: {provider: b}}
                """))
        .containsExactlyInAnyOrder(
            "discovery.providers[0].agones.mode: \"grab\" (expected: observe or allocate)",
            "discovery.providers[0].agones.allocate_min_interval: invalid duration \"soon\":"
                + " expected a number at offset 0 (expected: e.g. 30s, 250ms, 1h30m)",
            "discovery.providers[0].agones.selector.annotations: invalid selector token \"k=\""
                + " (expected: k=v[,k=v...])",
            "discovery.providers[0].agones.address.source: \"dns\" (expected: address or"
                + " addresses)",
            "discovery.providers[1].name: duplicate provider name \"a\" (expected: unique names)",
            "discovery.providers[1].type: \"consul\" (expected: kubernetes or agones)",
            "discovery.providers[2].kubernetes: must be set for type kubernetes (expected: an"
                + " object)",
            "routing.default.discovery.provider: unknown discovery provider \"b\" (expected: one of"
                + " a, k)");
  }

  @Test
  void syntaxErrorsAndDuplicateKeysAreReportedWithLines() {
    assertThat(errors("routing:\n  default: [\n"))
        .singleElement()
        .asString()
        .startsWith("YAML syntax error at line");
    assertThat(errors("listen: \":1\"\nlisten: \":2\"\n"))
        .singleElement()
        .asString()
        .isEqualTo(
            "listen: mapping key \"listen\" at line 2 already defined at line 1 (expected: each"
                + " key once)");
    assertThatThrownBy(() -> ConfigLoader.parse("{\"listen\": }", ConfigFormat.JSON, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JSON syntax error at line 1");
  }

  @Test
  void unsupportedExtensionAndMissingFile() {
    assertThatThrownBy(() -> ConfigLoader.load(tmp.resolve("c.toml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unsupported file extension (expected: .yaml, .yml or .json)");
    assertThatThrownBy(() -> ConfigLoader.load(tmp.resolve("missing.yaml"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read the file");
  }

  @Test
  void aConfigPathThatIsNotARegularFileIsRefusedWithoutReadingIt() throws Exception {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
    Path link = Files.createSymbolicLink(tmp.resolve("zero.yaml"), zero);

    assertThatThrownBy(() -> ConfigLoader.load(link, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        ConfigProblem.error("", "not a regular file (a character device)")));
    assertThatThrownBy(
            () -> ConfigLoader.load(Files.createDirectory(tmp.resolve("d.yaml")), Map.of()))
        .hasMessageContaining("not a regular file (a directory)");
  }

  @Test
  void aConfigFileOverTheCapIsRefused() throws Exception {
    Path big = tmp.resolve("big.yaml");
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(BoundedFiles.CONFIG_FILE_MAX_BYTES + 1);
    }

    assertThatThrownBy(() -> ConfigLoader.load(big, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .extracting(ConfigProblem::message)
                    .containsExactly("4194305 bytes, over the 4 MiB limit for a config file"));
  }

  @Test
  void tlsFilesMustBeRegularFilesUnderTheCap() throws Exception {
    Path key = Files.writeString(tmp.resolve("key.pem"), "x");
    Path big = tmp.resolve("big.pem");
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(BoundedFiles.PEM_FILE_MAX_BYTES + 1);
    }
    String routing = "\nrouting: {default: {strategy: random, backends: [{host: a, port: 1}]}}";

    assertThat(errors("tls: {cert_file: \"" + tmp + "\", key_file: \"" + key + "\"}" + routing))
        .containsExactly(
            "tls.cert_file: "
                + tmp
                + ": not a regular file (a directory) (expected: a PEM certificate)");
    assertThat(errors("tls: {cert_file: \"" + big + "\", key_file: \"" + key + "\"}" + routing))
        .containsExactly(
            "tls.cert_file: "
                + big
                + ": 1048577 bytes, over the 1 MiB limit for a PEM file (expected: a PEM"
                + " certificate)");
  }

  @Test
  void installedFactoriesAreEmptyInTheCoreModule() {
    Map<String, PluginFactory<?>> installed = ConfigLoader.installedFactories();
    assertThat(installed).isEmpty();
  }
}
