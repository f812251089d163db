package io.signpost.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.DeadlineTimer;
import io.signpost.wasm.WasmOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A pool gives back the instances a burst made once they have been free for the idle timeout, the
 * longest-free first, and always keeps one free instance. Time is a test clock; the sweep is called
 * directly.
 */
class InstancePoolIdleTest {

  private static final Duration IDLE = Duration.ofSeconds(10);
  private static final Duration LIMIT = Duration.ofSeconds(30);

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<PluginInstance> retired = new ArrayList<>();
  private ScheduledExecutorService scheduler;
  private ExecutorService builder;
  private PluginModule module;
  private InstanceServices services;
  private InstancePool pool;

  private final InstancePool.PoolEvents events =
      new InstancePool.PoolEvents() {
        @Override
        public void waited() {}

        @Override
        public void replaced(String reason) {}

        @Override
        public void retiredIdle(int instances) {}

        @Override
        public void backgroundFailure(String what, RuntimeException e) {}

        @Override
        public void retired(PluginInstance instance, boolean healthy) {
          assertThat(healthy)
              .as("an idle instance is retired as healthy (it is unloaded)")
              .isTrue();
          retired.add(instance);
          instance.close();
        }
      };

  @BeforeEach
  void start() {
    module = PluginModule.load("idle", WasmOptions.of(InternalFixtures.rustExample()));
    scheduler = Executors.newSingleThreadScheduledExecutor();
    builder = Executors.newSingleThreadExecutor();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GuestLog log =
        new GuestLog(
            "idle", LoggerFactory.getLogger("signpost.plugin.idle"), registry, System::nanoTime);
    services =
        new InstanceServices(
            new SignpostImports("idle", log, registry),
            log,
            new CallWatchdog(new DeadlineTimer(scheduler)));
    pool = new InstancePool("idle", 4, this::create, builder, scheduler, events, IDLE, clock::get);
    pool.add(create());
  }

  @AfterEach
  void stop() {
    pool.close();
    builder.shutdownNow();
    scheduler.shutdownNow();
  }

  private PluginInstance create() {
    return PluginInstance.create(
        module, services, "{}".getBytes(StandardCharsets.UTF_8), Deadline.after(LIMIT));
  }

  private void advance(Duration by) {
    clock.addAndGet(by.toNanos());
  }

  @Test
  void aBurstsInstancesAreRetiredOnceIdleLongestFreeFirstAndOneIsKept() {
    PluginInstance first = pool.borrow(Deadline.after(LIMIT));
    PluginInstance second = pool.borrow(Deadline.after(LIMIT));
    PluginInstance third = pool.borrow(Deadline.after(LIMIT));
    assertThat(pool.size()).isEqualTo(3);
    pool.release(first);
    pool.release(second);
    advance(Duration.ofSeconds(8));
    pool.release(third);

    advance(Duration.ofSeconds(1)); // first and second free for 9 s: not yet
    assertThat(pool.retireIdle()).isZero();
    advance(Duration.ofSeconds(1)); // 10 s
    assertThat(pool.retireIdle()).isEqualTo(2);
    assertThat(retired).containsExactly(first, second);
    assertThat(pool.size()).isEqualTo(1);

    advance(Duration.ofHours(1));
    assertThat(pool.retireIdle()).as("the last free instance is kept").isZero();
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.borrow(Deadline.after(LIMIT))).isSameAs(third);
  }

  @Test
  void theLastFreeInstanceStaysEvenBesideOneInUse() {
    PluginInstance first = pool.borrow(Deadline.after(LIMIT));
    PluginInstance second = pool.borrow(Deadline.after(LIMIT));
    pool.release(first);
    advance(Duration.ofSeconds(30));

    // The instance in use may fail and be discarded; the free one is what the next call gets.
    assertThat(pool.retireIdle()).isZero();
    assertThat(pool.size()).isEqualTo(2);
    pool.release(second);
    assertThat(pool.inUse()).isZero();
  }

  @Test
  void anInstanceUsedAgainStartsItsIdleTimeAfresh() {
    PluginInstance first = pool.borrow(Deadline.after(LIMIT));
    PluginInstance second = pool.borrow(Deadline.after(LIMIT));
    pool.release(first);
    pool.release(second);
    advance(Duration.ofSeconds(20));
    PluginInstance again = pool.borrow(Deadline.after(LIMIT));
    assertThat(again).as("the most recently freed first").isSameAs(second);
    pool.release(again);
    advance(Duration.ofSeconds(5)); // first free for 25 s, second for 5 s

    assertThat(pool.retireIdle()).isEqualTo(1);
    assertThat(retired).containsExactly(first);
    advance(Duration.ofMinutes(10));
    assertThat(pool.retireIdle()).as("the last free instance stays").isZero();
    assertThat(pool.borrow(Deadline.after(LIMIT))).isSameAs(second);
    pool.release(second);
  }

  @Test
  void aShrunkPoolGrowsAgainOnDemand() {
    PluginInstance first = pool.borrow(Deadline.after(LIMIT));
    PluginInstance second = pool.borrow(Deadline.after(LIMIT));
    pool.release(first);
    pool.release(second);
    advance(IDLE);
    assertThat(pool.retireIdle()).isEqualTo(1);

    PluginInstance a = pool.borrow(Deadline.after(LIMIT));
    PluginInstance b = pool.borrow(Deadline.after(LIMIT));
    assertThat(a).isNotSameAs(b);
    assertThat(pool.size()).isEqualTo(2);
    pool.release(a);
    pool.release(b);
  }

  @Test
  void zeroNeverRetiresAndANegativeTimeoutIsRefused() {
    InstancePool never =
        new InstancePool(
            "idle", 4, this::create, builder, scheduler, events, Duration.ZERO, clock::get);
    never.add(create());
    never.add(create());
    advance(Duration.ofDays(2));
    assertThat(never.retireIdle()).isZero();
    assertThat(never.size()).isEqualTo(2);
    never.close();

    assertThatThrownBy(
            () ->
                new InstancePool(
                    "idle",
                    4,
                    this::create,
                    builder,
                    scheduler,
                    events,
                    Duration.ofSeconds(-1),
                    clock::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: >= 0");
  }
}
