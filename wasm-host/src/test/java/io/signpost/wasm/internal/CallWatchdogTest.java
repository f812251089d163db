package io.signpost.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.Deadline;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallWatchdogTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final CallWatchdog watchdog = new CallWatchdog(scheduler);

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
      long giveUp = start + Duration.ofSeconds(5).toNanos();
      while (!interrupted && System.nanoTime() - giveUp < 0) {
        interrupted = Thread.currentThread().isInterrupted();
      }
      assertThat(limit.fired()).isTrue();
    }
    assertThat(interrupted).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(30), Duration.ofSeconds(2));
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aLimitClosedInTimeNeverInterrupts() throws Exception {
    try (CallWatchdog.Limit limit = watchdog.arm(Deadline.after(Duration.ofMillis(20)))) {
      assertThat(limit.fired()).isFalse();
    }
    Thread.sleep(60);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
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
      awaitUntil(() -> watchdog.overdue() == 1);
    } finally {
      release.countDown();
      stuck.join();
    }
    awaitUntil(() -> watchdog.overdue() == 0);
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("condition met within 60 s").isNegative();
      Thread.sleep(10);
    }
  }
}
