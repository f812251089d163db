package io.signpost.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.signpost.config.ConfigDefaults;
import io.signpost.config.ConfigLoader;
import io.signpost.config.ListenAddress;
import io.signpost.config.LoadedConfig;
import io.signpost.config.LoggingConfig;
import io.signpost.config.SignpostConfig;
import io.signpost.server.RetryTokenKey;
import io.signpost.text.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image (Containerfile, deploy/image/config.yaml) and the Kubernetes base
 * (deploy/kubernetes/) agree with each other and with the router's defaults: ports, probe paths,
 * the configuration path, the user, the secret file, the stop timing.
 */
class DeploymentManifestsTest {

  private static final Path ROOT = Path.of("..");
  private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The QUIC port of the built-in default ({@code listen: ":5520"}). */
  private static final int QUIC_PORT = ListenAddress.parse(ConfigDefaults.LISTEN).port();

  /** The admin port of the built-in default ({@code 127.0.0.1:9091}); the image opens it wide. */
  private static final int ADMIN_PORT = ListenAddress.parse(ConfigDefaults.ADMIN_LISTEN).port();

  private static Containerfile image;
  private static List<JsonNode> objects;

  @TempDir Path dir;

  @BeforeAll
  static void read() throws IOException {
    image = Containerfile.read(ROOT.resolve("Containerfile"));
    objects = new ArrayList<>();
    JsonNode kustomization = YAML.readTree(KUBERNETES.resolve("kustomization.yaml").toFile());
    for (JsonNode resource : kustomization.get("resources")) {
      try (MappingIterator<JsonNode> docs =
          YAML.readerFor(JsonNode.class)
              .readValues(KUBERNETES.resolve(resource.asText()).toFile())) {
        docs.readAll().stream().filter(d -> d != null && !d.isEmpty()).forEach(objects::add);
      }
    }
  }

  private static JsonNode object(String kind) {
    List<JsonNode> found =
        objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static JsonNode container() {
    JsonNode containers = object("Deployment").at("/spec/template/spec/containers");
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static JsonNode port(JsonNode container, String name) {
    return stream(container.get("ports"))
        .filter(p -> p.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port " + name));
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  /** A configuration file as the router loads it, with the secret file (if any) stood in for. */
  private LoadedConfig load(Path file) throws Exception {
    String text = Files.readString(file);
    Path secret = Files.writeString(dir.resolve("retry-token"), "base64:" + "A".repeat(43) + "=");
    Path copy =
        Files.writeString(
            dir.resolve("config.yaml"),
            text.replace(
                "retry_token_secret_file: " + secretFileOf(file),
                "retry_token_secret_file: " + secret));
    return ConfigLoader.load(copy);
  }

  private static String secretFileOf(Path config) throws IOException {
    return YAML.readTree(config.toFile()).at("/quic/retry_token_secret_file").asText("none");
  }

  // --- the image -------------------------------------------------------------------------------

  @Test
  void theImageExposesTheQuicAndAdminPortsOfTheDefaults() {
    assertThat(image.all("EXPOSE"))
        .containsExactlyInAnyOrder(QUIC_PORT + "/udp", ADMIN_PORT + "/tcp");
  }

  @Test
  void theImageFindsItsConfigurationWithoutFlags() {
    String path = image.env("SIGNPOST_CONFIG");

    assertThat(path).isEqualTo("/etc/signpost/config.yaml");
    assertThat(image.all("COPY")).contains("deploy/image/config.yaml " + path);
  }

  @Test
  void theImagesDefaultConfigurationIsValidAndOpensTheAdminPortToAllInterfaces() throws Exception {
    LoadedConfig loaded = ConfigLoader.load(ROOT.resolve("deploy/image/config.yaml"));
    SignpostConfig config = loaded.config();

    assertThat(loaded.warnings()).isEmpty();
    assertThat(config.listen()).isEqualTo(ListenAddress.parse(ConfigDefaults.LISTEN));
    assertThat(config.admin().listen().host()).as("all interfaces").isEmpty();
    assertThat(config.admin().listen().port()).isEqualTo(ADMIN_PORT);
    assertThat(config.admin().redactIdentities()).isTrue();
  }

  @Test
  void theImageRunsAsANonRootUserStopsOnSigtermAndExitsOnOutOfMemory() throws IOException {
    assertThat(image.last("USER")).matches("[1-9]\\d*:[1-9]\\d*");
    assertThat(image.last("STOPSIGNAL")).isEqualTo("SIGTERM");
    assertThat(image.execForm("ENTRYPOINT"))
        .startsWith("java")
        .contains("-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/signpost/signpost.jar")
        .anySatisfy(flag -> assertThat(flag).startsWith("-XX:MaxRAMPercentage="));
    assertThat(image.execForm("CMD")).containsExactly("run");
    assertThat(image.all("COPY"))
        .contains("launcher/target/signpost.jar /opt/signpost/signpost.jar");
  }

  @Test
  void theBuildContextHoldsWhatTheImageCopies() throws IOException {
    List<String> ignore = Files.readAllLines(ROOT.resolve(".dockerignore"));

    assertThat(ignore).contains("*", "!launcher/target/signpost.jar", "!deploy/image/");
  }

  // --- Kubernetes ------------------------------------------------------------------------------

  @Test
  void everyManifestIsListedInTheKustomization() throws IOException {
    JsonNode kustomization = YAML.readTree(KUBERNETES.resolve("kustomization.yaml").toFile());
    List<String> listed = stream(kustomization.get("resources")).map(JsonNode::asText).toList();
    List<String> generated =
        stream(kustomization.at("/configMapGenerator/0/files")).map(JsonNode::asText).toList();
    try (Stream<Path> files = Files.list(KUBERNETES)) {
      List<String> yaml =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
              .toList();
      assertThat(yaml).containsExactlyInAnyOrderElementsOf(concat(listed, generated));
    }
    assertThat(kustomization.at("/configMapGenerator/0/name").asText())
        .isEqualTo("signpost-config");
    assertThat(kustomization.at("/images/0/name").asText())
        .isEqualTo(container().get("image").asText());
  }

  @Test
  void theConfigMapsConfigurationIsValidWithJsonLogsAndASharedRetryTokenKey() throws Exception {
    SignpostConfig config = load(KUBERNETES.resolve("config.yaml")).config();

    assertThat(config.logging().format()).isEqualTo(LoggingConfig.Format.JSON);
    assertThat(config.quic().retry()).isTrue();
    assertThat(config.quic().retryTokenSecret()).isNotNull();
    assertThat(config.quic().retryTokenSecret().length())
        .isGreaterThanOrEqualTo(RetryTokenKey.MIN_BYTES);
    assertThat(config.listen().port()).isEqualTo(QUIC_PORT);
    assertThat(config.admin().listen().host()).as("all interfaces").isEmpty();
    assertThat(config.admin().listen().port()).isEqualTo(ADMIN_PORT);
  }

  @Test
  void containerPortsMatchTheConfigurationAndTheImage() throws Exception {
    SignpostConfig config = load(KUBERNETES.resolve("config.yaml")).config();
    JsonNode quic = port(container(), "quic");
    JsonNode admin = port(container(), "admin");

    assertThat(quic.get("containerPort").asInt())
        .isEqualTo(config.listen().port())
        .isEqualTo(QUIC_PORT);
    assertThat(quic.get("protocol").asText()).isEqualTo("UDP");
    assertThat(admin.get("containerPort").asInt()).isEqualTo(config.admin().listen().port());
    assertThat(admin.get("protocol").asText()).isEqualTo("TCP");
    assertThat(image.all("EXPOSE"))
        .contains(
            quic.get("containerPort").asInt() + "/udp",
            admin.get("containerPort").asInt() + "/tcp");
  }

  @Test
  void probesAskHealthzAndReadyzOnTheAdminPort() {
    JsonNode c = container();

    assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    for (String probe : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
      assertThat(c.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo("admin");
    }
    // The start-up budget covers the plugin warm-up.
    long startupSeconds =
        c.at("/startupProbe/periodSeconds").asLong()
            * c.at("/startupProbe/failureThreshold").asLong();
    assertThat(startupSeconds).isGreaterThan(ConfigDefaults.PLUGIN_STARTUP_TIMEOUT.toSeconds());
  }

  @Test
  void theConfigMapIsMountedWhereTheImageLooksAndTheSecretWhereTheConfigurationReadsIt()
      throws Exception {
    JsonNode pod = object("Deployment").at("/spec/template/spec");
    Map<String, JsonNode> volumes = new java.util.HashMap<>();
    pod.get("volumes").forEach(v -> volumes.put(v.get("name").asText(), v));
    Map<String, String> mounts = new java.util.HashMap<>();
    container()
        .get("volumeMounts")
        .forEach(m -> mounts.put(m.get("name").asText(), m.get("mountPath").asText()));

    String configVolume = volumeNamed(volumes, "configMap", "signpost-config");
    assertThat(mounts.get(configVolume) + "/config.yaml").isEqualTo(image.env("SIGNPOST_CONFIG"));

    String secretVolume = volumeNamed(volumes, "secret", "signpost-retry-token");
    String secretFile = secretFileOf(KUBERNETES.resolve("config.yaml"));
    assertThat(Path.of(secretFile).getParent().toString()).isEqualTo(mounts.get(secretVolume));
    assertThat(secretFile).doesNotStartWith(mounts.get(configVolume) + "/");
    assertThat(Files.readString(KUBERNETES.resolve("kustomization.yaml")))
        .contains("--from-literal=" + Path.of(secretFile).getFileName() + "=");

    // A read-only root file system, and /tmp for Netty's native library.
    assertThat(container().at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(mounts).containsValue("/tmp");
  }

  private static String volumeNamed(Map<String, JsonNode> volumes, String type, String source) {
    String key = type.equals("secret") ? "secretName" : "name";
    return volumes.values().stream()
        .filter(v -> v.path(type).path(key).asText().equals(source))
        .map(v -> v.get("name").asText())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " volume of " + source));
  }

  @Test
  void thePodRunsAsTheImagesUser() {
    String[] user = image.last("USER").split(":");
    JsonNode security = object("Deployment").at("/spec/template/spec/securityContext");

    assertThat(security.get("runAsNonRoot").asBoolean()).isTrue();
    assertThat(security.get("runAsUser").asText()).isEqualTo(user[0]);
    assertThat(security.get("runAsGroup").asText()).isEqualTo(user[1]);
  }

  @Test
  void theDrainFitsTheTerminationGracePeriod() throws Exception {
    SignpostConfig config = load(KUBERNETES.resolve("config.yaml")).config();
    JsonNode pod = object("Deployment").at("/spec/template/spec");
    List<String> preStop =
        stream(container().at("/lifecycle/preStop/exec/command")).map(JsonNode::asText).toList();
    assertThat(preStop).hasSize(2).startsWith("sleep");
    long pause = Long.parseLong(preStop.get(1));
    long grace = config.limits().shutdownGrace().toSeconds();

    // preStop pause, the drain, then up to ~2 s for connections aborted at its end to be answered.
    assertThat(pause + grace + 5)
        .as(
            "preStop %ss + shutdown_grace %s + 5 s",
            pause, GoDuration.format(config.limits().shutdownGrace()))
        .isLessThanOrEqualTo(pod.get("terminationGracePeriodSeconds").asLong());
  }

  @Test
  void severalReplicasRollWithoutLosingCapacityAndDisruptionsTakeOneAtATime() {
    JsonNode deployment = object("Deployment");
    JsonNode pdb = object("PodDisruptionBudget");

    assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
    assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(podLabels);
    assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(podLabels);
  }

  @Test
  void resourcesHaveRequestsAndLimits() {
    JsonNode resources = container().get("resources");

    for (String part : List.of("requests", "limits")) {
      assertThat(resources.at("/" + part + "/cpu").asText()).as(part + ".cpu").isNotEmpty();
      assertThat(resources.at("/" + part + "/memory").asText()).as(part + ".memory").isNotEmpty();
    }
  }

  @Test
  void prometheusScrapesTheAdminPort() {
    JsonNode annotations = object("Deployment").at("/spec/template/metadata/annotations");

    assertThat(annotations.get("prometheus.io/scrape").asText()).isEqualTo("true");
    assertThat(annotations.get("prometheus.io/port").asInt()).isEqualTo(ADMIN_PORT);
    assertThat(annotations.get("prometheus.io/path").asText()).isEqualTo("/metrics");
  }

  @Test
  void theServiceIsAUdpLoadBalancerKeepingClientAddressesAndNotTheAdminPort() {
    JsonNode service = object("Service");

    assertThat(service.at("/spec/type").asText()).isEqualTo("LoadBalancer");
    assertThat(service.at("/spec/externalTrafficPolicy").asText()).isEqualTo("Local");
    assertThat(service.at("/spec/selector"))
        .isEqualTo(object("Deployment").at("/spec/template/metadata/labels"));
    JsonNode ports = service.at("/spec/ports");
    assertThat(ports).hasSize(1);
    assertThat(ports.get(0).get("protocol").asText()).isEqualTo("UDP");
    assertThat(ports.get(0).get("port").asInt()).isEqualTo(QUIC_PORT);
    assertThat(ports.get(0).get("targetPort").asText()).isEqualTo("quic");
  }

  @Test
  void discoveryMayWatchPodsEndpointSlicesAndGameServersAndAllocate() {
    JsonNode role = object("Role");
    JsonNode binding = object("RoleBinding");
    String account = object("Deployment").at("/spec/template/spec/serviceAccountName").asText();

    assertThat(rule(role, "", "pods")).containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(rule(role, "discovery.k8s.io", "endpointslices"))
        .containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(rule(role, "agones.dev", "gameservers"))
        .containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(rule(role, "allocation.agones.dev", "gameserverallocations"))
        .containsExactly("create");
    assertThat(object("ServiceAccount").at("/metadata/name").asText()).isEqualTo(account);
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(role.at("/metadata/name").asText());
    assertThat(binding.at("/subjects/0/kind").asText()).isEqualTo("ServiceAccount");
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(account);
  }

  private static List<String> rule(JsonNode role, String group, String resource) {
    return stream(role.get("rules"))
        .filter(r -> stream(r.get("apiGroups")).anyMatch(g -> g.asText().equals(group)))
        .filter(r -> stream(r.get("resources")).anyMatch(g -> g.asText().equals(resource)))
        .flatMap(r -> stream(r.get("verbs")).map(JsonNode::asText))
        .toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
