package io.signpost.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a tag's distinct values bounded: the first {@code max} values seen pass through, every
 * later new value becomes {@link #OTHER}. Thread-safe; a value already admitted costs one hash
 * lookup.
 */
final class BoundedTagValues {

  static final String OTHER = "other";

  private final int max;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  BoundedTagValues(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
    }
    this.max = max;
  }

  String admit(String value) {
    if (admitted.contains(value)) {
      return value;
    }
    synchronized (this) {
      if (admitted.size() < max) {
        admitted.add(value);
        return value;
      }
    }
    return admitted.contains(value) ? value : OTHER;
  }
}
