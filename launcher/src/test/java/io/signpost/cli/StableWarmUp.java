package io.signpost.cli;

import io.signpost.server.LoadGenerator.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Warms a router until its throughput is stable: load windows one after another until two
 * consecutive ones are within {@code tolerance} of each other (relative to the larger), or {@code
 * maxWindows} have run, in which case the result says it never settled.
 *
 * @param stable whether two consecutive windows agreed
 * @param rates connects/s of every window, in order
 */
record StableWarmUp(boolean stable, List<Double> rates) {

  /** Runs windows from {@code window} (each one blocking for its duration). */
  static StableWarmUp run(Supplier<Report> window, int maxWindows, double tolerance) {
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < Math.max(2, maxWindows); i++) {
      rates.add(window.get().perSecond());
      if (rates.size() >= 2
          && agree(rates.get(rates.size() - 2), rates.get(rates.size() - 1), tolerance)) {
        return new StableWarmUp(true, rates);
      }
    }
    return new StableWarmUp(false, rates);
  }

  static boolean agree(double a, double b, double tolerance) {
    double larger = Math.max(a, b);
    return larger > 0 && Math.abs(a - b) <= tolerance * larger;
  }

  /** {@code stable after 3 windows (812, 1003, 1021 connects/s)} or {@code NOT stable ...}. */
  String describe() {
    StringBuilder text = new StringBuilder(stable ? "stable after " : "NOT stable after ");
    text.append(rates.size()).append(" windows (");
    for (int i = 0; i < rates.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(Math.round(rates.get(i)));
    }
    return text.append(" connects/s)").toString();
  }
}
