package io.signpost.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void writesSnakeCaseFieldsWithExplicitNulls() throws Exception {
    DecisionTrace trace =
        Traces.withSteps(
            Outcome.DENY,
            "routes[1]",
            List.of(
                Traces.ok("geo", "candidates=2", "selected_index=1"),
                Traces.failed("auth", PluginException.Kind.BREAKER_OPEN, OnError.DENY)));

    JsonNode root = MAPPER.readTree(DecisionJson.write(List.of(trace)));

    JsonNode t = root.get("decisions").get(0);
    assertThat(fieldNames(t))
        .containsExactly(
            "time",
            "sni",
            "alpn",
            "client_address",
            "route",
            "strategy",
            "candidates",
            "backend",
            "outcome",
            "reason",
            "duration_ms",
            "username",
            "uuid",
            "discovery_provider",
            "discovered",
            "steps");
    assertThat(t.get("time").asText()).isEqualTo("2026-01-01T12:00:00Z");
    assertThat(t.get("outcome").asText()).isEqualTo("deny");
    assertThat(t.get("route").asText()).isEqualTo("routes[1]");
    assertThat(t.get("backend").isNull()).isTrue();
    assertThat(t.get("client_address").isNull()).isTrue();
    assertThat(t.get("uuid").isNull()).isTrue();
    assertThat(t.get("duration_ms").asDouble()).isEqualTo(3.0);
    assertThat(t.get("candidates").toString()).isEqualTo("[\"a:1\",\"b:2\"]");

    JsonNode geo = t.get("steps").get(0);
    assertThat(geo.toString())
        .isEqualTo(
            "{\"plugin\":\"geo\",\"stage\":\"route\",\"duration_ms\":1.0,"
                + "\"changes\":[\"candidates=2\",\"selected_index=1\"],\"ignored\":[],"
                + "\"failure\":null,\"error\":null,\"policy\":null,\"shadow\":null}");
    JsonNode auth = t.get("steps").get(1);
    assertThat(auth.get("stage").asText()).isEqualTo("deny");
    assertThat(auth.get("failure").asText()).isEqualTo("breaker_open");
    assertThat(auth.get("policy").asText()).isEqualTo("deny");
    assertThat(auth.get("error").asText()).isEqualTo("plugin auth: breaker_open");
  }

  @Test
  void emptyListIsAnEmptyArray() {
    assertThat(new String(DecisionJson.write(List.of()))).isEqualTo("{\"decisions\":[]}");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
