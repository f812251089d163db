package io.signpost.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.admin.Readiness.ProviderStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryReadinessTest {

  private static ReadinessReport report(ProviderStatus... providers) {
    return new ReadinessReport(true, List.of(), List.of(providers));
  }

  @Test
  void aProviderThatHasNotSyncedBlocksReadiness() {
    ReadinessReport r =
        report(
            new ProviderStatus("k8s", "kubernetes", true, false, null),
            new ProviderStatus("agones", "agones", false, false, "not synced yet"));

    assertThat(r.ready()).isFalse();
    assertThat(r.notReady()).containsExactly("discovery:agones");
    assertThat(r.degraded()).isEmpty();
    assertThat(r.reasons()).containsExactly("discovery:agones not synced yet");
  }

  @Test
  void aStaleProviderIsDegradedButReady() {
    ReadinessReport r =
        report(new ProviderStatus("k8s", "kubernetes", true, true, "stale: no working watch"));

    assertThat(r.ready()).isTrue();
    assertThat(r.notReady()).isEmpty();
    assertThat(r.degraded()).containsExactly("discovery:k8s");
    assertThat(r.reasons()).containsExactly("discovery:k8s stale: no working watch");
  }

  @Test
  void aSyncedFreshProviderHasNoReason() {
    assertThat(new ProviderStatus("k8s", "kubernetes", true, false, "ignored").reason()).isNull();
    assertThat(report(new ProviderStatus("k8s", "kubernetes", true, false, null)).ready()).isTrue();
  }
}
