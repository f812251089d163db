package io.signpost.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;

/** Runs full garbage collections until a weakly held probe is gone. */
final class GarbageCollection {

  private GarbageCollection() {}

  /**
   * Collects until an object held only weakly is cleared, so everything else held only weakly is
   * gone too; fails if that did not happen within a bounded number of collections.
   */
  static void collectWeaklyHeld() throws InterruptedException {
    WeakReference<Object> probe = new WeakReference<>(new Object());
    for (int i = 0; i < 50 && probe.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(probe.get()).as("a full garbage collection cleared the probe").isNull();
  }
}
