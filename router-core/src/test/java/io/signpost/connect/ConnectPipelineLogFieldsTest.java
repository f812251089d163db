package io.signpost.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.decision.Outcome;
import io.signpost.decision.Traces;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decision's fields that structured (JSON) log lines carry as keys. */
class ConnectPipelineLogFieldsTest {

  @Test
  void aReferralNamesOutcomeRouteAndBackendThenTheExtras() {
    Map<String, Object> fields =
        ConnectPipeline.logFields(
            Traces.referral("play.example.com", "routes[0]", "10.0.0.2:5520"),
            Map.of("plugins", List.of("geo")));

    assertThat(fields)
        .containsExactly(
            Map.entry("outcome", "referral"),
            Map.entry("route", "routes[0]"),
            Map.entry("backend", "10.0.0.2:5520"),
            Map.entry("plugins", List.of("geo")));
  }

  @Test
  void aDenyLeavesThePlayerFacingReasonOut() {
    Map<String, Object> fields =
        ConnectPipeline.logFields(
            Traces.withSteps(Outcome.DENY, "default", List.of()), Map.of("denied_by", "gate"));

    assertThat(fields)
        .containsExactly(
            Map.entry("outcome", "deny"),
            Map.entry("route", "default"),
            Map.entry("denied_by", "gate"));
  }

  @Test
  void aFailureCarriesItsError() {
    Map<String, Object> fields =
        ConnectPipeline.logFields(
            Traces.withSteps(Outcome.NO_BACKENDS, "routes[1]", List.of()), Map.of());

    assertThat(fields)
        .containsExactly(
            Map.entry("outcome", "no_backends"),
            Map.entry("route", "routes[1]"),
            Map.entry("error", "why"));
  }
}
