package io.signpost.cli;

import io.signpost.plugin.ConnectRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latencies of repeated calls for {@code plugin call --repeat}: percentiles over the calls that
 * answered, and the calls that failed, counted by message. A failing call does not stop the run.
 */
final class CallStatistics {

  /** Distinct failure messages listed; further ones are counted under the last line. */
  static final int MAX_LISTED_FAILURES = 5;

  private final int calls;
  private final long[] okNanos;
  private final double seconds;
  private final Map<String, Integer> failures;

  private CallStatistics(int calls, long[] okNanos, double seconds, Map<String, Integer> failures) {
    this.calls = calls;
    this.okNanos = okNanos;
    this.seconds = seconds;
    this.failures = failures;
  }

  /** Makes {@code calls} calls, one after the other. */
  static CallStatistics measure(LoadedPlugin plugin, ConnectRequest request, int calls)
      throws InterruptedException {
    long[] ok = new long[calls];
    int answered = 0;
    Map<String, Integer> failures = new LinkedHashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      try {
        plugin.call(request);
        ok[answered++] = System.nanoTime() - t0;
      } catch (LoadedPlugin.CallFailedException e) {
        failures.merge(e.getMessage(), 1, Integer::sum);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = Arrays.copyOf(ok, answered);
    Arrays.sort(sorted);
    return new CallStatistics(calls, sorted, seconds, failures);
  }

  int failed() {
    return calls - okNanos.length;
  }

  /** One line: calls, failures, throughput and, over the calls that answered, percentiles. */
  String summary() {
    String head =
        String.format(
            "calls=%d  ok=%d  failed=%d  calls/s=%.0f", calls, okNanos.length, failed(), rate());
    if (okNanos.length == 0) {
      return head + "  (no call answered: no percentiles)";
    }
    return head
        + String.format(
            "  p50=%s  p90=%s  p99=%s  max=%s%s",
            micros(0.50),
            micros(0.90),
            micros(0.99),
            micros(1.0),
            failed() == 0
                ? ""
                : "  (percentiles of the " + okNanos.length + " calls that answered)");
  }

  /**
   * The failures by message, in order of first appearance, at most {@link #MAX_LISTED_FAILURES}.
   */
  List<String> failureLines() {
    List<String> lines = new ArrayList<>();
    int listed = 0;
    int rest = 0;
    for (Map.Entry<String, Integer> f : failures.entrySet()) {
      if (listed < MAX_LISTED_FAILURES) {
        lines.add("failed " + f.getValue() + "x: " + f.getKey());
        listed++;
      } else {
        rest += f.getValue();
      }
    }
    if (rest > 0) {
      lines.add("failed " + rest + "x with " + (failures.size() - listed) + " other messages");
    }
    return lines;
  }

  private double rate() {
    return seconds > 0 ? calls / seconds : 0;
  }

  private String micros(double quantile) {
    int index = (int) Math.min(okNanos.length - 1, Math.ceil(quantile * okNanos.length) - 1);
    return String.format("%.1fµs", okNanos[Math.max(0, index)] / 1000.0);
  }
}
