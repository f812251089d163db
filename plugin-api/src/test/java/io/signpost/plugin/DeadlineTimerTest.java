package io.signpost.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.testing.HeldThread;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTimerTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final DeadlineTimer timer = new DeadlineTimer(scheduler);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void runsATaskOnceItsDeadlineHasPassedNeverBefore() throws Exception {
    Deadline deadline = Deadline.after(Duration.ofMillis(30));
    CountDownLatch ran = new CountDownLatch(1);
    AtomicInteger early = new AtomicInteger();
    timer.schedule(
        deadline,
        () -> {
          if (!deadline.isExpired()) {
            early.incrementAndGet();
          }
          ran.countDown();
        });
    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(early).hasValue(0);
    assertThat(timer.pending()).isZero();
  }

  @Test
  void runsTasksInDeadlineOrder() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    long base = System.nanoTime() + Duration.ofMillis(20).toNanos();
    // All three are armed before the scheduler can scan: however slow this thread is, "c" cannot
    // fall due and run before "a" and "b" exist.
    CountDownLatch armed = HeldThread.hold(scheduler);
    timer.schedule(new Deadline(base + 2_000_000), () -> record(order, "c", done));
    timer.schedule(new Deadline(base), () -> record(order, "a", done));
    timer.schedule(new Deadline(base + 1_000_000), () -> record(order, "b", done));
    armed.countDown();
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly("a", "b", "c");
  }

  @Test
  void aCancelledTaskNeverRunsAndLeavesNothingBehind() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    // No scan runs until the task is cancelled, however long this thread waits for a CPU after
    // arming it; the later task is due after the cancelled one's deadline.
    CountDownLatch cancelled = HeldThread.hold(scheduler);
    Deadline deadline = Deadline.after(Duration.ofMillis(20));
    DeadlineTimer.Timeout timeout = timer.schedule(deadline, runs::incrementAndGet);
    assertThat(timeout.cancel()).isTrue();
    assertThat(timer.pending()).isZero();
    assertThat(timeout.cancel()).as("cancelled once").isFalse();
    cancelled.countDown();
    CountDownLatch later = new CountDownLatch(1);
    timer.schedule(Deadline.after(Duration.ofMillis(40)), later::countDown);
    assertThat(later.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(runs).hasValue(0);
  }

  @Test
  void cancelAfterTheTaskRanSaysSo() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    DeadlineTimer.Timeout timeout =
        timer.schedule(new Deadline(System.nanoTime() - 1), ran::countDown);
    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(timeout.cancel()).isFalse();
  }

  @Test
  void aFailingTaskDoesNotStopTheOthers() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    Deadline deadline = new Deadline(System.nanoTime() - 1);
    scheduler.execute(() -> Thread.currentThread().setUncaughtExceptionHandler((t, e) -> {}));
    timer.schedule(
        deadline,
        () -> {
          throw new IllegalStateException("broken task");
        });
    timer.schedule(deadline, ran::countDown);
    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void refusesTasksOnceTheSchedulerIsShutDown() {
    scheduler.shutdown();
    assertThatThrownBy(() -> timer.schedule(Deadline.after(Duration.ofSeconds(1)), () -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }

  private static void record(List<String> order, String name, CountDownLatch done) {
    order.add(name);
    done.countDown();
  }
}
