package io.signpost.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginTrapException;
import io.signpost.plugin.PluginUnavailableException;
import io.signpost.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstancePoolTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<String> replaced = new ArrayList<>();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private final InstancePool.PoolEvents events =
      new InstancePool.PoolEvents() {
        @Override
        public void waited() {}

        @Override
        public void replaced(String reason) {
          replaced.add(reason);
        }

        @Override
        public void retiredIdle(int instances) {}

        @Override
        public void backgroundFailure(String what, RuntimeException e) {}

        @Override
        public void retired(PluginInstance instance, boolean healthy) {}
      };

  @Test
  void backOffDoublesFromHundredMillisecondsAndStopsAtThirtySeconds() {
    assertThat(InstancePool.backoff(1)).isZero();
    assertThat(InstancePool.backoff(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(InstancePool.backoff(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(InstancePool.backoff(6)).isEqualTo(Duration.ofMillis(1600));
    assertThat(InstancePool.backoff(40)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aFailedCreationIsNamedInTheCallersErrorAndRetriedInTheBackground() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ExecutorService builder = Executors.newSingleThreadExecutor();
    try {
      InstancePool pool =
          new InstancePool(
              "p",
              1,
              () -> {
                attempts.incrementAndGet();
                throw new PluginTrapException("p", "_initialize trapped");
              },
              builder,
              scheduler,
              events);

      assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(2))))
          .isInstanceOf(PluginUnavailableException.class)
          .hasMessageContaining("last instance creation failed: plugin p: _initialize trapped");
      Await.until(() -> attempts.get() >= 3);
      assertThat(pool.size()).isZero();
      assertThat(pool.inUse()).isZero();
      assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofMillis(1))))
          .isInstanceOf(PluginUnavailableException.class)
          .hasMessageContaining("_initialize trapped");
      pool.close();
    } finally {
      builder.shutdownNow();
    }
  }

  @Test
  void anErrorFromTheFactoryGivesTheSlotBack() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ExecutorService builder = Executors.newSingleThreadExecutor();
    try {
      InstancePool pool =
          new InstancePool(
              "p",
              1,
              () -> {
                attempts.incrementAndGet();
                throw new AssertionError("factory broke");
              },
              builder,
              scheduler,
              events);

      assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(1))))
          .isInstanceOf(PluginUnavailableException.class);
      Await.until(() -> attempts.get() >= 2);
      assertThat(pool.size()).isZero();
      assertThat(pool.inUse()).isZero();
      pool.close();
    } finally {
      builder.shutdownNow();
    }
  }

  @Test
  void aCallerNeverCreatesAnInstanceItselfAndWaitsOnlyUntilItsDeadline() throws Exception {
    CountDownLatch initializeReturns = new CountDownLatch(1);
    List<Thread> creators = new CopyOnWriteArrayList<>();
    ExecutorService builder = Executors.newSingleThreadExecutor();
    try {
      InstancePool pool =
          new InstancePool(
              "p",
              2,
              () -> {
                creators.add(Thread.currentThread());
                try {
                  initializeReturns.await(); // an _initialize that stalls
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                throw new PluginTrapException("p", "stopped");
              },
              builder,
              scheduler,
              events);

      assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofMillis(200))))
          .isInstanceOf(PluginUnavailableException.class)
          .hasMessageContaining("no instance became free before the deadline");
      // The builder thread may not have been given a CPU yet on a busy machine: wait for it.
      Await.until(() -> !creators.isEmpty());
      assertThat(creators).isNotEmpty().doesNotContain(Thread.currentThread());
      initializeReturns.countDown();
      pool.close();
    } finally {
      builder.shutdownNow();
    }
  }

  @Test
  void closedPoolRefusesToLend() {
    InstancePool pool =
        new InstancePool(
            "p",
            1,
            () -> {
              throw new IllegalStateException("unused");
            },
            Runnable::run,
            scheduler,
            events);
    pool.close();
    assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(1))))
        .isInstanceOf(PluginUnavailableException.class)
        .hasMessage("plugin p: plugin is closed");
  }
}
