package io.signpost.kubernetes.internal;

import java.util.Map;

/** Hyrouter's {@code hyrouter/weight}: the annotation, else the label, when a positive integer. */
final class Weights {

  static final String KEY = "hyrouter/weight";

  private Weights() {}

  /** The weight from an object's annotations and labels; 0 when neither gives one. */
  static int of(Map<String, String> labels, Map<String, String> annotations) {
    int w = positive(annotations == null ? null : annotations.get(KEY));
    return w > 0 ? w : positive(labels == null ? null : labels.get(KEY));
  }

  /** The weight from backend metadata ({@code annotation.hyrouter/weight}, {@code label.…}). */
  static int ofMeta(Map<String, String> meta) {
    int w = positive(meta.get("annotation." + KEY));
    return w > 0 ? w : positive(meta.get("label." + KEY));
  }

  private static int positive(String v) {
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      return Math.max(n, 0);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
