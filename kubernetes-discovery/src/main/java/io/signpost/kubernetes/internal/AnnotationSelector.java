package io.signpost.kubernetes.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyrouter's annotation matcher: {@code k=v[,k=v...]}, every pair must be present with exactly that
 * value; blanks around keys and values are ignored; empty means everything. Evaluated here only:
 * the API server cannot select by annotation. Immutable.
 */
public record AnnotationSelector(Map<String, String> required) {

  /** The selector that selects everything. */
  public static final AnnotationSelector EVERYTHING = new AnnotationSelector(Map.of());

  public AnnotationSelector {
    required = Collections.unmodifiableMap(new LinkedHashMap<>(required));
  }

  /**
   * Parses an expression the configuration loader has checked; a token without {@code =} is skipped
   * here (the loader reports it).
   */
  public static AnnotationSelector parse(String expression) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String token : expression.split(",", -1)) {
      String t = token.strip();
      int eq = t.indexOf('=');
      if (eq > 0) {
        out.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
      }
    }
    return out.isEmpty() ? EVERYTHING : new AnnotationSelector(out);
  }

  public boolean matches(Map<String, String> annotations) {
    if (required.isEmpty()) {
      return true;
    }
    if (annotations == null) {
      return false;
    }
    for (Map.Entry<String, String> e : required.entrySet()) {
      if (!e.getValue().equals(annotations.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    required.forEach(
        (k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return sb.toString();
  }
}
