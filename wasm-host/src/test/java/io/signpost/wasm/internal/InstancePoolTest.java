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
import java.util.concurrent.atomic.AtomicLong;
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
    AtomicLong now = new AtomicLong(System.nanoTime());
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
            events,
            now::get);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(30))))
          .isInstanceOf(PluginUnavailableException.class)
          .hasMessageContaining("cannot create an instance: plugin p: _initialize trapped");
    }
    Deadline beforeTheBackOffEnds = new Deadline(now.get() + Duration.ofMillis(50).toNanos());
    assertThatThrownBy(() -> pool.borrow(beforeTheBackOffEnds))
        .as("refused at once: the 100 ms back-off outlasts the deadline, so waiting is useless")
        .isInstanceOf(PluginUnavailableException.class)
        .hasMessageContaining("backing off after 2 consecutive failures");
    assertThat(attempts).hasValue(2);
    assertThat(pool.canServe()).isFalse();
    assertThat(pool.size()).isZero();

    now.addAndGet(InstancePool.backoff(2).toNanos());
    assertThat(pool.canServe()).as("the back-off is over").isTrue();
    assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(30))))
        .hasMessageContaining("_initialize trapped");
    assertThat(attempts).as("a new attempt after the back-off").hasValue(3);
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

    assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(30))))
        .isInstanceOf(AssertionError.class);
    assertThat(pool.size()).isZero();
    assertThat(pool.inUse()).isZero();
    long start = System.nanoTime();
    assertThatThrownBy(() -> pool.borrow(Deadline.after(Duration.ofSeconds(30))))
        .as("the slot is free, so the pool tries again instead of waiting")
        .isInstanceOf(AssertionError.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("waiting would last until the 30 s deadline and end in PluginUnavailableException")
        .isLessThan(Duration.ofSeconds(10));
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
