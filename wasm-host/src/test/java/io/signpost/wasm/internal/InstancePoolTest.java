package io.signpost.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginTrapException;
import io.signpost.plugin.PluginUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  void failsFastWhileBackingOffWithNoInstanceLeft() {
    AtomicInteger attempts = new AtomicInteger();
    InstancePool pool =
        new InstancePool(
            "p",
            1,
            () -> {
              attempts.incrementAndGet();
              throw new PluginTrapException("p", "_initialize trapped");
            },
            Runnable::run,
            scheduler,
            events);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(1))))
          .isInstanceOf(PluginUnavailableException.class)
          .hasMessageContaining("cannot create an instance: plugin p: _initialize trapped");
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofMillis(50))))
        .isInstanceOf(PluginUnavailableException.class)
        .hasMessageContaining("backing off after 2 consecutive failures");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(40));
    assertThat(attempts).hasValue(2);
    assertThat(pool.canServe()).isFalse();
    assertThat(pool.size()).isZero();
  }

  @Test
  void anErrorFromTheFactoryGivesTheSlotBack() {
    AtomicInteger attempts = new AtomicInteger();
    InstancePool pool =
        new InstancePool(
            "p",
            1,
            () -> {
              attempts.incrementAndGet();
              throw new AssertionError("factory broke");
            },
            Runnable::run,
            scheduler,
            events);

    assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(1))))
        .isInstanceOf(AssertionError.class);
    assertThat(pool.size()).isZero();
    assertThat(pool.inUse()).isZero();
    long start = System.nanoTime();
    assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(1))))
        .as("the slot is free, so the pool tries again instead of waiting")
        .isInstanceOf(AssertionError.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    assertThat(attempts).hasValue(2);
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
