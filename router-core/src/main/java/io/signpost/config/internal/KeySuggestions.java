package io.signpost.config.internal;

import java.util.Set;

/** The message for an unknown key, with a "did you mean" when a known key is close. */
final class KeySuggestions {

  /** Largest edit distance that still earns a suggestion. */
  static final int MAX_DISTANCE = 2;

  private KeySuggestions() {}

  static String unknownKeyMessage(String key, Set<String> known) {
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance || (d == bestDistance && best != null && k.compareTo(best) < 0)) {
        best = k;
        bestDistance = d;
      }
    }
    return best == null
        ? "unknown key, ignored"
        : "unknown key, ignored (did you mean \"" + best + "\"?)";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
