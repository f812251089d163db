package io.signpost.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.config.ConfigException;
import io.signpost.config.ConfigFormat;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LoadedConfig;
import io.signpost.configtree.ConfigProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider sections checked at load, through the factories the loader finds on the class path. */
class DiscoveryConfigTest {

  private static LoadedConfig load(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, ConfigFormat.YAML, Map.of());
  }

  private static List<String> errors(String yaml) {
    try {
      load(yaml);
      return List.of();
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigProblem::toString).toList();
    }
  }

  private static final String ROUTING =
      """
      routing:
        default:
          strategy: round_robin
          discovery: {provider: k8s}
      """;

  @Test
  void bothProvidersAreInstalled() {
    assertThat(ConfigLoader.installedDiscoveryFactories()).containsOnlyKeys("agones", "kubernetes");
  }

  @Test
  void aMalformedLabelSelectorIsAConfigurationError() {
    assertThat(
            errors(
                """
                discovery:
                  providers:
                    - name: k8s
                      type: kubernetes
                      kubernetes:
                        namespaces: [default, Not_A_Namespace]
                        resources:
                          - kind: pods
                            selector: {labels: "region in (eu"}
                            port: {container_port: 5520}
                          - kind: endpointslices
                            service: {name: "-bad-", namespace: default}
                    - name: agones
                      type: agones
                      agones:
                        mode: allocate
                        state: [Shutdown]
                        selector: {labels: "players<10"}
                """
                    + ROUTING))
        .containsExactlyInAnyOrder(
            "discovery.providers[0].kubernetes.namespaces[1]: \"Not_A_Namespace\" is not a"
                + " namespace name (expected: lower-case letters, digits and -, at most 63)",
            "discovery.providers[0].kubernetes.resources[0].selector.labels: \"region in (eu\" is"
                + " not a label selector: found the end of the expression at offset 13 (expected:"
                + " \")\" closing the values of in) (expected: e.g. app=game,region in (eu,us))",
            "discovery.providers[0].kubernetes.resources[1].service.name: \"-bad-\" is not a valid"
                + " service name",
            "discovery.providers[1].agones.selector.labels: \"players\" compares with > or <, which"
                + " a GameServerAllocation cannot express (expected: =, !=, in, notin or"
                + " existence)",
            "discovery.providers[1].agones.state[0]: \"Shutdown\" cannot be allocated from"
                + " (expected: Ready or Allocated)");
  }

  @Test
  void settingsThatDoNothingAreWarnings() throws Exception {
    LoadedConfig loaded =
        load(
            """
            discovery:
              providers:
                - name: k8s
                  type: kubernetes
                  kubernetes:
                    resources:
                      - kind: services
                      - kind: pods
                        selector: {labels: "app=game"}
                - name: agones
                  type: agones
                  agones:
                    allocate_min_interval: 1s
                    state: [Redy]
            """
                + ROUTING);

    assertThat(loaded.warnings())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "warning: discovery.providers[0].kubernetes.resources[0].kind: \"services\" is not a"
                + " known kind and the resource is ignored, as in Hyrouter (expected: pods or"
                + " endpointslices)",
            "warning: discovery.providers[0].kubernetes.resources[1].port: unset: no pod has a"
                + " port, so none is routed to (expected: container_port, number or name)",
            "warning: discovery.providers[0].kubernetes.filters.require_pod_ready: not set: pods"
                + " that are not Ready are routed to, as in Hyrouter (expected: true)",
            "warning: discovery.providers[1].agones.state[0]: \"Redy\" is not an Agones"
                + " GameServer state and matches nothing",
            "warning: discovery.providers[1].agones.allocate_min_interval: has no effect in"
                + " observe mode");
  }

  @Test
  void staleAfterIsADuration() {
    assertThat(
            errors(
                """
                discovery:
                  providers:
                    - name: k8s
                      type: kubernetes
                      kubernetes: {stale_after: soon, resources: []}
                """
                    + ROUTING))
        .containsExactly(
            "discovery.providers[0].kubernetes.stale_after: invalid duration \"soon\": expected a"
                + " number at offset 0 (expected: e.g. 30s, 250ms, 1h30m)");
  }
}
