package io.signpost.configtree;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The one check for keys a configuration object does not know, shared by the configuration loader
 * and the plugin factories so every unknown key reads the same: its path, "did you mean" when a
 * known key is within edit distance {@value #MAX_DISTANCE}.
 *
 * <p>Policy: an unknown key is a {@linkplain #warnings warning} everywhere, plugin backend sections
 * ({@code wasm:}, {@code grpc:}) included, because Hyrouter ignores unknown keys and a
 * configuration written for it (or for a newer version) must still load. Operators who want typos
 * in limits to stop a deployment run {@code signpost validate --strict}, which turns every warning
 * into an error.
 */
public final class UnknownKeys {

  /** Largest edit distance that still earns a suggestion. */
  static final int MAX_DISTANCE = 2;

  private UnknownKeys() {}

  /**
   * Adds a warning for every field of {@code object} not in {@code known}.
   *
   * @param path the object's path, for example {@code routing.default}; empty for the root
   */
  public static void warnings(
      JsonNode object, String path, Set<String> known, List<ConfigProblem> problems) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(ConfigProblem.warning(child(path, name), warningMessage(name, known)));
      }
    }
  }

  /** The warning text for an unknown key, with a suggestion when one is close. */
  public static String warningMessage(String key, Set<String> known) {
    String best = suggestion(key, known);
    return best == null
        ? "unknown key, ignored"
        : "unknown key, ignored (did you mean \"" + best + "\"?)";
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String suggestion(String key, Set<String> known) {
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance || (d == bestDistance && best != null && k.compareTo(best) < 0)) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
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
