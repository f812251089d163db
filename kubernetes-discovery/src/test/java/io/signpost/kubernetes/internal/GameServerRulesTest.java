package io.signpost.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hyrouter's address and port rules for GameServers and allocations. */
class GameServerRulesTest {

  private static final ObjectMapper YAML = new YAMLMapper();

  private static AgonesSettings settings(String yaml) throws Exception {
    return AgonesSettings.read(YAML.readTree(yaml.isEmpty() ? "{}" : yaml));
  }

  private static final Map<String, Object> STATUS =
      Map.of(
          "address",
          "10.0.0.1",
          "addresses",
          List.of(
              Map.of("type", "InternalIP", "address", "10.0.0.1"),
              Map.of("type", "ExternalIP", "address", "203.0.113.1"),
              Map.of("type", "ExternalIP", "address", "203.0.113.2"),
              Map.of("type", "Hostname", "address", "node-a")));

  @Test
  void withoutSourceOrPreferenceTheAddressFieldIsUsed() throws Exception {
    assertThat(GameServerRules.address(STATUS, settings(""))).isEqualTo("10.0.0.1");
    assertThat(
            GameServerRules.address(
                STATUS, settings("address: {source: address, preference: [ExternalIP]}")))
        .isEqualTo("10.0.0.1");
  }

  @Test
  void aPreferenceAloneReadsTheAddressesAndTheLastOfATypeWins() throws Exception {
    assertThat(
            GameServerRules.address(
                STATUS, settings("address: {preference: [PublicIP, ExternalIP]}")))
        .isEqualTo("203.0.113.2");
  }

  @Test
  void addressesWithoutAPreferredTypeGiveTheFirstEntry() throws Exception {
    assertThat(
            GameServerRules.address(
                STATUS, settings("address: {source: addresses, preference: [PublicIP]}")))
        .isEqualTo("10.0.0.1");
    assertThat(
            GameServerRules.address(
                Map.of("address", "10.9.9.9"), settings("address: {source: addresses}")))
        .isEqualTo("10.9.9.9");
  }

  @Test
  void portsByNumberByNameOrTheFirst() throws Exception {
    List<Object> ports =
        List.of(
            Map.of("name", "metrics", "port", 9000), Map.of("name", "gameport", "port", "7001"));

    assertThat(GameServerRules.port(ports, new PortSpec("", 0, 0))).isEqualTo(9000);
    assertThat(GameServerRules.port(ports, new PortSpec("gameport", 0, 0))).isEqualTo(7001);
    assertThat(GameServerRules.port(ports, new PortSpec("missing", 0, 0))).isZero();
    assertThat(GameServerRules.port(ports, new PortSpec("gameport", 7777, 0))).isEqualTo(7777);
  }
}
