package io.signpost.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.Deadline;
import io.signpost.plugin.DeadlineTimer;
import io.signpost.testing.Await;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallWatchdogTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final CallWatchdog watchdog = new CallWatchdog(new DeadlineTimer(scheduler));

  @AfterEach
  void stop() {
    watchdog.close();
    scheduler.shutdownNow();
  }

  @Test
  void interruptsThePassedDeadlineAndClearsTheFlagOnClose() {
    long start = System.nanoTime();
    boolean interrupted = false;
    try (CallWatchdog.Limit limit = watchdog.arm(Deadline.after(Duration.ofMillis(30)))) {
      long giveUp = start + Duration.ofSeconds(30).toNanos();
      while (!interrupted && System.nanoTime() - giveUp < 0) {
        interrupted = Thread.currentThread().isInterrupted();
      }
      assertThat(limit.fired()).isTrue();
    }
    assertThat(interrupted).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("never before the deadline; the upper bound only catches a watchdog that hangs")
        .isBetween(Duration.ofMillis(30), Duration.ofSeconds(10));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aLimitClosedInTimeNeverInterrupts() throws Exception {
    Deadline deadline = Deadline.after(Duration.ofSeconds(1));
    try (CallWatchdog.Limit limit = watchdog.arm(deadline)) {
      assertThat(limit.fired()).isFalse();
    }
    awaitScanAfter(deadline);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  /**
   * Returns once the deadline timer has scanned at least once after {@code deadline}, if it had
   * anything armed: the scheduler is single-threaded and runs tasks in the order they are due, so a
   * task due two ticks from now runs after a scan due within one tick (twice, in case a scan that
   * started before the deadline was still running).
   */
  private void awaitScanAfter(Deadline deadline) throws Exception {
    while (!deadline.isExpired()) {
      Thread.sleep(Math.max(1, deadline.remaining().toMillis()));
    }
    for (int i = 0; i < 2; i++) {
      scheduler
          .schedule(() -> {}, DeadlineTimer.TICK.multipliedBy(2).toNanos(), TimeUnit.NANOSECONDS)
          .get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anExpiredDeadlineInterruptsAtOnce() {
    try (CallWatchdog.Limit limit = watchdog.arm(new Deadline(System.nanoTime() - 1))) {
      assertThat(limit.fired()).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void codeThatIgnoresTheInterruptIsCountedOverdueUntilItReturns() throws Exception {
    assertThat(watchdog.overdue()).isZero();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread stuck =
        new Thread(
            () -> {
              try (CallWatchdog.Limit limit = watchdog.arm(Deadline.after(Duration.ofMillis(10)))) {
                while (release.getCount() > 0) {
                  Thread.interrupted(); // a host function that swallows the interrupt
                  Thread.onSpinWait();
                }
              }
            });
    stuck.start();
    try {
      Await.until(() -> watchdog.overdue() == 1);
    } finally {
      release.countDown();
      stuck.join();
    }
    Await.until(() -> watchdog.overdue() == 0);
  }
}
