package io.signpost.log;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when the test says so; starts far from zero. */
public final class FakeTicker implements LongSupplier {

  private final AtomicLong now = new AtomicLong(-4_000_000_000_000L);

  @Override
  public long getAsLong() {
    return now.get();
  }

  public void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }
}
