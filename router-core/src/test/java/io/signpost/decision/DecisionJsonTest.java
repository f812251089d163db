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

    JsonNode root = MAPPER.readTree(DecisionJson.write(List.of(trace), Integer.MAX_VALUE));

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
  void aBudgetedAnswerHoldsTheNewestTracesThatFitAndCountsTheRest() throws Exception {
    List<DecisionTrace> traces = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      traces.add(Traces.referral("host-" + i + ".example.com", "routes[0]", "10.0.0.1:5520"));
    }
    int one = DecisionJson.write(List.of(traces.get(0)), Integer.MAX_VALUE).length;
    int budget = one * 10;

    byte[] json = DecisionJson.write(traces, budget);

    assertThat(json.length).isLessThanOrEqualTo(budget);
    JsonNode root = MAPPER.readTree(json);
    int kept = root.get("decisions").size();
    assertThat(kept).isBetween(8, 10);
    assertThat(root.get("omitted").asInt()).isEqualTo(50 - kept);
    for (int i = 0; i < kept; i++) {
      assertThat(root.get("decisions").get(i).get("sni").asText())
          .as("in the order given, newest first")
          .isEqualTo("host-" + i + ".example.com");
    }
  }

  @Test
  void aBudgetedAnswerIsValidJsonAtEveryBudget() throws Exception {
    List<DecisionTrace> traces =
        List.of(
            Traces.referral("a.example.com", "routes[0]", "10.0.0.1:5520"),
            Traces.referral("b.example.com", "routes[0]", "10.0.0.2:5520"));
    for (int budget = 0; budget < 2_000; budget += 7) {
      byte[] json = DecisionJson.write(traces, budget);
      JsonNode root = MAPPER.readTree(json);
      assertThat(root.get("decisions").size() + root.get("omitted").asInt()).isEqualTo(2);
      if (root.get("decisions").size() > 0) {
        assertThat(json.length).as("budget %d", budget).isLessThanOrEqualTo(budget);
      }
    }
    assertThat(new String(DecisionJson.write(List.of(), 1 << 20)))
        .isEqualTo("{\"decisions\":[],\"omitted\":0}");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
