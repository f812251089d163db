package io.signpost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.chain.AnswerLimits;
import io.signpost.plugin.Backend;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiscoveredBackendsTest {

  @Test
  void backendsWithinTheLimitsAreKeptAsTheyAre() {
    List<Backend> backends =
        List.of(
            new Backend("10.0.0.1", 5520, 0, Map.of("agones.dev/fleet", "hytale")),
            Backend.of("game-2.internal", 5521));

    DiscoveredBackends.Bounded bounded = DiscoveredBackends.bound(backends);

    assertThat(bounded.backends()).isSameAs(backends);
    assertThat(bounded.dropped()).isZero();
    assertThat(bounded.cut()).isZero();
  }

  @Test
  void aHostNoReferralCouldCarryIsDropped() {
    DiscoveredBackends.Bounded bounded =
        DiscoveredBackends.bound(
            List.of(
                Backend.of("h".repeat(AnswerLimits.MAX_HOST_CHARS + 1), 5520),
                Backend.of("ü".repeat(200), 5520), // 200 characters, 400 UTF-8 bytes
                Backend.of("h".repeat(AnswerLimits.MAX_HOST_CHARS), 5520)));

    assertThat(bounded.backends())
        .extracting(Backend::host)
        .containsExactly("h".repeat(AnswerLimits.MAX_HOST_CHARS));
    assertThat(bounded.dropped()).isEqualTo(2);
  }

  @Test
  void metadataIsCutToTheLimitsOfAPluginsAnswer() {
    Map<String, String> meta = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      meta.put(String.format("key-%03d", i), "v");
    }
    meta.put("key-000", "x".repeat(300_000));
    meta.put("k".repeat(AnswerLimits.MAX_META_KEY_CHARS + 1), "dropped");

    DiscoveredBackends.Bounded bounded =
        DiscoveredBackends.bound(List.of(new Backend("10.0.0.1", 5520, 3, meta)));

    Backend backend = bounded.backends().get(0);
    assertThat(bounded.cut()).isEqualTo(1);
    assertThat(backend.host()).isEqualTo("10.0.0.1");
    assertThat(backend.weight()).isEqualTo(3);
    assertThat(backend.meta()).hasSize(AnswerLimits.MAX_META_ENTRIES);
    assertThat(backend.meta().keySet())
        .allSatisfy(k -> assertThat(k).hasSizeLessThanOrEqualTo(AnswerLimits.MAX_META_KEY_CHARS))
        .as("the first keys in order")
        .contains("key-000", "key-063")
        .doesNotContain("key-064");
    assertThat(backend.meta().get("key-000")).hasSize(AnswerLimits.MAX_META_VALUE_CHARS);
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String value = "a".repeat(AnswerLimits.MAX_META_VALUE_CHARS - 1) + "😀😀";
    Backend backend =
        DiscoveredBackends.bound(List.of(new Backend("h", 1, 0, Map.of("k", value))))
            .backends()
            .get(0);
    assertThat(backend.meta().get("k"))
        .isEqualTo("a".repeat(AnswerLimits.MAX_META_VALUE_CHARS - 1));
  }
}
