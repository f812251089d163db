package io.signpost.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Occupies an executor's thread, so that nothing else it was given runs meanwhile: for tests that
 * must arm several tasks of a single-threaded scheduler before any of them can run. Shared through
 * plugin-api's test jar.
 */
public final class HeldThread {

  private HeldThread() {}

  /**
   * Holds one of {@code executor}'s threads until the returned latch is counted down; returns once
   * the thread is held, or fails after {@link Await#LIMIT}.
   */
  public static CountDownLatch hold(Executor executor) throws InterruptedException {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    executor.execute(
        () -> {
          held.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    if (!held.await(Await.LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError("the executor's thread was not held within " + Await.LIMIT);
    }
    return release;
  }
}
