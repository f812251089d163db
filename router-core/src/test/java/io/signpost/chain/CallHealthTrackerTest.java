package io.signpost.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.log.FakeTicker;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.plugin.PluginTransportException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallHealthTrackerTest {

  private final FakeTicker clock = new FakeTicker();
  private final CallHealthTracker tracker = new CallHealthTracker("geo", clock);

  private void failEvery(Duration step, int calls) {
    for (int i = 0; i < calls; i++) {
      tracker.recordFailure(new PluginTimeoutException("geo", "no answer within 1s"));
      clock.advance(step);
    }
  }

  @Test
  void failingOnceEveryCallHasFailedForTheWindowAndTheMinimumCount() {
    failEvery(Duration.ofSeconds(2), 5); // 5 failures, the first 10 s ago
    assertThat(tracker.notReadyReason())
        .isEqualTo("failing: 5 calls failed in the last 10 s (last: timeout: no answer within 1s)");
  }

  @Test
  void manyFailuresInAShortTimeAreNotYetFailing() {
    failEvery(Duration.ofMillis(10), 500);
    assertThat(tracker.failingReason()).as("only 5 s of failures").isNull();

    clock.advance(Duration.ofSeconds(5));
    failEvery(Duration.ZERO, 1);
    assertThat(tracker.failingReason()).startsWith("failing: 501 calls failed in the last 10 s");
  }

  @Test
  void aLongWindowWithFewCallsIsNotYetFailing() {
    failEvery(Duration.ofSeconds(4), 4);
    assertThat(tracker.failingReason()).isNull();
    failEvery(Duration.ZERO, 1);
    assertThat(tracker.failingReason()).startsWith("failing: 5 calls failed in the last 16 s");
  }

  @Test
  void oneSuccessEndsTheRun() {
    failEvery(Duration.ofSeconds(3), 10);
    assertThat(tracker.failingReason()).isNotNull();

    tracker.recordSuccess();
    assertThat(tracker.failingReason()).isNull();
    failEvery(Duration.ofSeconds(1), 9);
    assertThat(tracker.failingReason()).as("a new run: 9 s so far").isNull();
  }

  @Test
  void theVerdictLapsesWhenNoCallIsSeenForAWindow() {
    failEvery(Duration.ofSeconds(3), 5);
    assertThat(tracker.failingReason()).isNotNull();

    clock.advance(Duration.ofSeconds(7)); // the last failure was 10 s ago
    assertThat(tracker.failingReason()).isNull();

    failEvery(Duration.ZERO, 1);
    assertThat(tracker.failingReason())
        .as("the run goes on: no call succeeded")
        .startsWith("failing: 6 calls failed in the last 22 s");
  }

  @Test
  void theReasonNamesTheLastFailure() {
    failEvery(Duration.ofSeconds(3), 5);
    tracker.recordFailure(
        new PluginTransportException("geo", "gRPC status UNAVAILABLE: io exception"));
    assertThat(tracker.failingReason())
        .endsWith("(last: transport: gRPC status UNAVAILABLE: io exception)");
  }

  @Test
  void notWarmUntilTheFirstSuccessOrMarkedWarm() {
    assertThat(tracker.isWarm()).isTrue();
    tracker.markNotWarm("not warm: no answer within 30s of startup");
    assertThat(tracker.isWarm()).isFalse();
    assertThat(tracker.notReadyReason()).isEqualTo("not warm: no answer within 30s of startup");

    tracker.recordSuccess();
    assertThat(tracker.notReadyReason()).isNull();

    tracker.markNotWarm("warming up");
    tracker.markWarm();
    assertThat(tracker.isWarm()).isTrue();
  }
}
