package io.signpost.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LogRateLimiterTest {

  private final FakeTicker ticker = new FakeTicker();

  private static int acquired(LogRateLimiter limiter, int attempts) {
    int passed = 0;
    for (int i = 0; i < attempts; i++) {
      if (limiter.tryAcquire()) {
        passed++;
      }
    }
    return passed;
  }

  @Test
  void letsTheBurstThroughThenTheRate() {
    LogRateLimiter limiter =
        new LogRateLimiter(LogRateLimiter.Limits.PLUGIN_FAILURES, ticker); // 10/s, burst 20

    assertThat(acquired(limiter, 100)).isEqualTo(20);
    assertThat(limiter.suppressedLines()).isEqualTo(80);

    ticker.advance(Duration.ofMillis(100));
    assertThat(acquired(limiter, 100)).isEqualTo(1);

    ticker.advance(Duration.ofSeconds(1));
    assertThat(acquired(limiter, 100)).isEqualTo(10);

    ticker.advance(Duration.ofMinutes(5));
    assertThat(acquired(limiter, 100))
        .as("a quiet period refills the burst, no more")
        .isEqualTo(20);
  }

  @Test
  void summaryComesOnceAnIntervalAfterTheFirstDropAndOnlyOnce() {
    LogRateLimiter limiter = new LogRateLimiter(LogRateLimiter.Limits.lines(10, 20), ticker);
    assertThat(limiter.takeSummary()).as("nothing dropped").isNull();

    ticker.advance(Duration.ofSeconds(5));
    acquired(limiter, 4841);
    assertThat(limiter.takeSummary()).as("first drop just now").isNull();

    ticker.advance(Duration.ofMillis(999));
    assertThat(limiter.takeSummary()).isNull();
    ticker.advance(Duration.ofMillis(1));
    LogRateLimiter.Summary summary = limiter.takeSummary();

    assertThat(summary).isNotNull();
    assertThat(summary.lines()).isEqualTo(4821);
    assertThat(summary.window()).isEqualTo(Duration.ofSeconds(1));
    assertThat(summary.windowSeconds()).isEqualTo(1);
    assertThat(limiter.takeSummary()).as("handed out once").isNull();
    assertThat(limiter.suppressedLines()).as("the total stays").isEqualTo(4821);
  }

  @Test
  void summariesAreAtLeastAnIntervalApart() {
    LogRateLimiter limiter = new LogRateLimiter(LogRateLimiter.Limits.lines(1, 1), ticker);
    limiter.tryAcquire();
    limiter.tryAcquire();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(limiter.takeSummary()).extracting(LogRateLimiter.Summary::lines).isEqualTo(1L);

    ticker.advance(Duration.ofMillis(500));
    limiter.tryAcquire(); // passes: a token came back
    limiter.tryAcquire(); // dropped
    ticker.advance(Duration.ofMillis(600));
    assertThat(limiter.takeSummary()).as("first drop only 600 ms ago").isNull();
    ticker.advance(Duration.ofMillis(400));
    assertThat(limiter.takeSummary()).extracting(LogRateLimiter.Summary::lines).isEqualTo(1L);
  }

  @Test
  void bytesAreLimitedByTheirOwnBucket() {
    LogRateLimiter limiter =
        new LogRateLimiter(LogRateLimiter.Limits.lines(100, 100).withBytes(1000, 2000), ticker);

    assertThat(limiter.tryAcquire(1500)).isTrue();
    assertThat(limiter.tryAcquire(600)).as("over the byte burst").isFalse();
    assertThat(limiter.tryAcquire(500)).isTrue();
    assertThat(limiter.tryAcquire(1)).isFalse();

    ticker.advance(Duration.ofMillis(100)); // 100 bytes back
    assertThat(limiter.tryAcquire(100)).isTrue();

    ticker.advance(Duration.ofSeconds(2));
    assertThat(limiter.tryAcquire(50_000))
        .as("a huge line passes when the bucket is full")
        .isTrue();
    assertThat(limiter.tryAcquire(1)).isFalse();

    ticker.advance(Duration.ofSeconds(1));
    LogRateLimiter.Summary summary = limiter.takeSummary();
    assertThat(summary.lines()).isEqualTo(3);
    assertThat(summary.bytes()).isEqualTo(602);
  }

  @Test
  void aLineRefusedForItsBytesDoesNotUseALineToken() {
    LogRateLimiter limiter =
        new LogRateLimiter(LogRateLimiter.Limits.lines(1, 2).withBytes(10, 10), ticker);

    assertThat(limiter.tryAcquire(10)).isTrue();
    assertThat(limiter.tryAcquire(10)).isFalse();
    assertThat(limiter.tryAcquire(0)).as("the second line token is still there").isTrue();
  }

  @Test
  void concurrentCallersShareOneBucket() throws Exception {
    LogRateLimiter limiter = new LogRateLimiter(LogRateLimiter.Limits.lines(10, 20), ticker);
    AtomicInteger passed = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 5_000; i++) {
                  if (limiter.tryAcquire()) {
                    passed.incrementAndGet();
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join(30_000);
    }

    assertThat(passed.get()).isEqualTo(20);
    assertThat(limiter.suppressedLines()).isEqualTo(19_980);
  }

  @Test
  void limitsAreChecked() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LogRateLimiter.Limits.lines(0, 1))
        .withMessage("linesPerSecond: 0.0 (expected: > 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LogRateLimiter.Limits.lines(1, 0))
        .withMessage("lineBurst: 0 (expected: >= 1)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LogRateLimiter.Limits.lines(1, 1).withBytes(100, 0))
        .withMessage("byteBurst: 0 (expected: >= 1)");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new LogRateLimiter(LogRateLimiter.Limits.lines(1, 1), ticker).tryAcquire(-1))
        .withMessage("bytes: -1 (expected: >= 0)");
  }
}
