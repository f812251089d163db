package io.signpost.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.chain.PluginStep;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceLimitsTest {

  private static final String HUGE = "z".repeat(1 << 20);

  private static List<String> entries(int count, String value) {
    return Collections.nCopies(count, value);
  }

  private static DecisionTrace trace(String text, List<String> list, List<PluginStep> steps) {
    return new DecisionTrace(
        Instant.parse("2026-01-01T12:00:00Z"),
        text,
        text,
        text,
        text,
        text,
        list,
        text,
        Outcome.DENY,
        text,
        steps,
        Duration.ofMillis(1),
        text,
        text,
        text,
        list);
  }

  private static PluginStep step(String text, List<String> list) {
    return new PluginStep(
        text,
        Stage.DENY,
        Duration.ofMillis(1),
        list,
        list,
        PluginException.Kind.TRAP,
        text,
        OnError.CONTINUE);
  }

  @Test
  void textAtTheLimitIsKeptAndLongerTextIsCutWithAMarker() {
    String atLimit = "t".repeat(TraceLimits.MAX_TEXT_CHARS);

    assertThat(TraceLimits.text(atLimit)).isSameAs(atLimit);
    assertThat(TraceLimits.text(atLimit + "t"))
        .hasSizeLessThanOrEqualTo(256)
        .endsWith(" more characters)");
    assertThat(TraceLimits.text(null)).isNull();
  }

  @Test
  void messageAtTheLimitIsKeptAndLongerMessageIsCut() {
    String atLimit = "m".repeat(TraceLimits.MAX_MESSAGE_CHARS);

    assertThat(TraceLimits.message(atLimit)).isSameAs(atLimit);
    assertThat(TraceLimits.message(atLimit + "m")).hasSizeLessThanOrEqualTo(1024);
  }

  @Test
  void listAtTheLimitIsKept() {
    List<String> list = entries(TraceLimits.MAX_LIST_ENTRIES, "a:1");

    assertThat(TraceLimits.list(list)).isSameAs(list);
  }

  @Test
  void longerListKeepsTheFirstEntriesAndCountsTheRest() {
    List<String> bounded = TraceLimits.list(entries(TraceLimits.MAX_LIST_ENTRIES + 1, "a:1"));

    assertThat(bounded).hasSize(17).endsWith("+1 more");
    assertThat(bounded.subList(0, 16)).containsOnly("a:1");
    assertThat(TraceLimits.list(entries(1000, "b:2"))).hasSize(17).endsWith("+984 more");
  }

  @Test
  void longListEntriesAreCut() {
    List<String> bounded = TraceLimits.list(List.of("ok", HUGE));

    assertThat(bounded.get(0)).isEqualTo("ok");
    assertThat(bounded.get(1)).hasSizeLessThanOrEqualTo(256).endsWith(" more characters)");
  }

  @Test
  void stepWithinTheLimitsIsKeptAsItIs() {
    PluginStep step = Traces.ok("geo", "selected_index=1");

    assertThat(TraceLimits.step(step)).isSameAs(step);
  }

  @Test
  void boundedStepKeepsWhatMetricsRead() {
    PluginStep step =
        new PluginStep(
            "gate",
            Stage.DENY,
            Duration.ofMillis(1),
            List.of("deny"),
            entries(40, HUGE),
            null,
            null,
            null);

    PluginStep bounded = TraceLimits.step(step);

    assertThat(bounded.denied()).isTrue();
    assertThat(bounded.ignored()).hasSize(17).endsWith("+24 more");
  }

  @Test
  void everyFieldOfATraceIsBounded() {
    DecisionTrace trace = trace(HUGE, entries(5000, HUGE), List.of(step(HUGE, entries(50, HUGE))));

    for (String text :
        new String[] {
          trace.sni(),
          trace.alpn(),
          trace.clientAddress(),
          trace.route(),
          trace.strategy(),
          trace.backend(),
          trace.username(),
          trace.uuid(),
          trace.discoveryProvider(),
          trace.steps().get(0).plugin()
        }) {
      assertThat(text).hasSizeLessThanOrEqualTo(TraceLimits.MAX_TEXT_CHARS);
    }
    assertThat(trace.reason()).hasSizeLessThanOrEqualTo(TraceLimits.MAX_MESSAGE_CHARS);
    assertThat(trace.steps().get(0).error()).hasSizeLessThanOrEqualTo(1024);
    assertThat(trace.candidates()).hasSize(17).endsWith("+4984 more");
    assertThat(trace.discovered()).hasSize(17).endsWith("+4984 more");
    assertThat(trace.steps().get(0).changes()).hasSize(17);
    assertThat(trace.steps().get(0).ignored()).hasSize(17);
  }

  @Test
  void maxCharsCountsTextFieldsListsAndSteps() {
    assertThat(TraceLimits.maxChars(0)).isEqualTo(9 * 256 + 1024 + 2 * 17 * 256);
    assertThat(TraceLimits.maxChars(1) - TraceLimits.maxChars(0))
        .isEqualTo(256 + 1024 + 2 * 17 * 256);
  }

  /**
   * The figure in docs/operations.md: every character written as a six-byte JSON escape, plus the
   * field names and punctuation.
   */
  static long maxJsonBytes(int steps) {
    return 6 * TraceLimits.maxChars(steps) + 2048 + 1024L * steps;
  }

  @Test
  void decisionsJsonOfAFullLogOfWorstCaseTracesStaysUnderTheBound() {
    int capacity = 20;
    int plugins = 4;
    // Control characters are the costliest in JSON: each is written as a six-byte escape.
    String worst = "\u0001".repeat(1 << 16);
    List<PluginStep> steps = Collections.nCopies(plugins, step(worst, entries(100, worst)));
    DecisionLog log = new DecisionLog(capacity);
    for (int i = 0; i < capacity * 3; i++) {
      log.add(trace(worst, entries(2000, worst), steps));
    }

    byte[] json = DecisionJson.write(log.recent(capacity), Integer.MAX_VALUE);

    long bound = capacity * maxJsonBytes(plugins);
    assertThat((long) json.length).isLessThanOrEqualTo(bound);
    // The traces are as large as they can be: the bound is close, not loose.
    assertThat((long) json.length).isGreaterThan(bound * 8 / 10);
    assertThat(maxJsonBytes(0)).isEqualTo(74_240);
    assertThat(maxJsonBytes(1) - maxJsonBytes(0)).isEqualTo(60_928);
  }
}
