package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000);

  private static InetAddress ip(int last) throws Exception {
    return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
  }

  @Test
  void allowsABurstOfRateThenRefillsAtRate() throws Exception {
    SourceRateLimiter limiter = new SourceRateLimiter(5, 100, now::get);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire(ip(1))).isTrue();
    }
    assertThat(limiter.tryAcquire(ip(1))).isFalse();

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
    assertThat(limiter.tryAcquire(ip(1))).isTrue();
    assertThat(limiter.tryAcquire(ip(1))).isFalse();
  }

  @Test
  void sourcesAreIndependent() throws Exception {
    SourceRateLimiter limiter = new SourceRateLimiter(1, 100, now::get);
    assertThat(limiter.tryAcquire(ip(1))).isTrue();
    assertThat(limiter.tryAcquire(ip(1))).isFalse();
    assertThat(limiter.tryAcquire(ip(2))).isTrue();
  }

  @Test
  void memoryIsBoundedByTheSourceCount() throws Exception {
    SourceRateLimiter limiter = new SourceRateLimiter(1, 10, now::get);
    for (int i = 0; i < 200; i++) {
      limiter.tryAcquire(ip(i));
    }
    assertThat(limiter.trackedSources()).isEqualTo(10);
  }
}
