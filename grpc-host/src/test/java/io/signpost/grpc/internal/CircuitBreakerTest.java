package io.signpost.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.grpc.BreakerState;
import io.signpost.grpc.GrpcOptions;
import io.signpost.grpc.internal.CircuitBreaker.Permit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final CircuitBreaker breaker =
      new CircuitBreaker(new GrpcOptions.Breaker(3, Duration.ofSeconds(2)), now::get);

  @Test
  void opensAfterTheThresholdOfConsecutiveFailures() {
    fail(2);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    fail(1);
    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.REJECTED);
    assertThat(breaker.millisUntilProbe()).isEqualTo(2000);
  }

  @Test
  void refusesCallsOnlyWhileOpenAndCoolingDown() {
    assertThat(breaker.refusesCalls()).isFalse();
    fail(3);
    assertThat(breaker.refusesCalls()).isTrue();
    now.addAndGet(Duration.ofMillis(1999).toNanos());
    assertThat(breaker.refusesCalls()).isTrue();
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(breaker.state()).as("no call came yet").isEqualTo(BreakerState.OPEN);
    assertThat(breaker.refusesCalls()).as("the next call would be the probe").isFalse();
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.PROBE);
    assertThat(breaker.refusesCalls()).isFalse();
    breaker.onFailure();
    assertThat(breaker.refusesCalls()).as("the probe failed: cooling down again").isTrue();
  }

  @Test
  void aSuccessResetsTheCount() {
    fail(2);
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.CALL);
    breaker.onSuccess();
    fail(2);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void afterTheCoolDownOneProbeDecides() {
    fail(3);
    now.addAndGet(Duration.ofMillis(1999).toNanos());
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.REJECTED);
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.PROBE);
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(breaker.tryAcquire())
        .as("second call while the probe runs")
        .isEqualTo(Permit.REJECTED);
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.CALL);
  }

  @Test
  void aFailedProbeReopensForAFreshCoolDown() {
    fail(3);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.PROBE);
    breaker.onFailure();
    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.millisUntilProbe()).isEqualTo(2000);
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.REJECTED);
  }

  @Test
  void aCancelledProbeLetsTheNextCallProbe() {
    fail(3);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.PROBE);
    breaker.onIgnored();
    assertThat(breaker.tryAcquire()).isEqualTo(Permit.PROBE);
  }

  @Test
  void zeroFailuresDisablesTheBreaker() {
    CircuitBreaker off =
        new CircuitBreaker(new GrpcOptions.Breaker(0, Duration.ofSeconds(1)), now::get);
    for (int i = 0; i < 100; i++) {
      assertThat(off.tryAcquire()).isEqualTo(Permit.CALL);
      off.onFailure();
    }
    assertThat(off.state()).isEqualTo(BreakerState.CLOSED);
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(breaker.tryAcquire()).isEqualTo(Permit.CALL);
      breaker.onFailure();
    }
  }
}
