package io.signpost.wasm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** How a plugin's Wasm code is executed. */
public enum ExecutionMode {
  /**
   * Chicory's runtime compiler turns the module into JVM bytecode once per plugin; every instance
   * reuses it. Fast (microseconds per call) and checks thread interruption on loops, so the
   * per-call time limit always holds. The default.
   */
  COMPILED,
  /**
   * Chicory's interpreter. Starts faster for very large modules but runs calls roughly 100 times
   * slower. Signpost adds an interruption check per executed instruction so the time limit holds
   * here too, at some extra cost.
   */
  INTERPRETED;

  /** The configuration spelling: {@code compiled} or {@code interpreted}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every configuration spelling and its mode, in declaration order. */
  public static Map<String, ExecutionMode> spellings() {
    Map<String, ExecutionMode> spellings = new LinkedHashMap<>();
    for (ExecutionMode mode : values()) {
      spellings.put(mode.configName(), mode);
    }
    return spellings;
  }

  /**
   * Parses the configuration spelling.
   *
   * @throws IllegalArgumentException when {@code value} is neither {@code compiled} nor {@code
   *     interpreted}
   */
  public static ExecutionMode parse(String value) {
    for (ExecutionMode mode : values()) {
      if (mode.configName().equals(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "mode: " + value + " (expected: " + String.join(" or ", spellings().keySet()) + ")");
  }
}
