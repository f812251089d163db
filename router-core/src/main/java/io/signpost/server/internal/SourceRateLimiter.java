package io.signpost.server.internal;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per source IP address: {@code ratePerSecond} tokens, refilled continuously at that
 * rate. Memory is bounded: at most {@code maxSources} buckets are kept, the least recently used one
 * is forgotten first (a forgotten source starts again with a full bucket, which only matters for an
 * attacker controlling more than {@code maxSources} validated addresses at once).
 *
 * <p>Thread-safe (synchronized; calls are short and come from the listener's event loop).
 */
public final class SourceRateLimiter {

  private final double ratePerNano;
  private final double capacity;
  private final LongSupplier nanoClock;
  private final Map<InetAddress, Bucket> buckets;

  public SourceRateLimiter(int ratePerSecond, int maxSources, LongSupplier nanoClock) {
    if (ratePerSecond <= 0) {
      throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + " (expected: > 0)");
    }
    if (maxSources <= 0) {
      throw new IllegalArgumentException("maxSources: " + maxSources + " (expected: > 0)");
    }
    this.capacity = ratePerSecond;
    this.ratePerNano = ratePerSecond / 1e9;
    this.nanoClock = nanoClock;
    this.buckets =
        new LinkedHashMap<>(1024, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > maxSources;
          }
        };
  }

  /** Takes one token for {@code source}; false when its bucket is empty. */
  public synchronized boolean tryAcquire(InetAddress source) {
    long now = nanoClock.getAsLong();
    Bucket bucket = buckets.get(source);
    if (bucket == null) {
      bucket = new Bucket(capacity, now);
      buckets.put(source, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.lastNanos) * ratePerNano);
    bucket.lastNanos = now;
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  /** Sources currently tracked. */
  public synchronized int trackedSources() {
    return buckets.size();
  }

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long lastNanos) {
      this.tokens = tokens;
      this.lastNanos = lastNanos;
    }
  }
}
