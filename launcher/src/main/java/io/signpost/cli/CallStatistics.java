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
  private final long[] inOrder;
  private final double seconds;
  private final Map<String, Integer> failures;

  private CallStatistics(
      int calls, long[] okNanos, long[] inOrder, double seconds, Map<String, Integer> failures) {
    this.calls = calls;
    this.okNanos = okNanos;
    this.inOrder = inOrder;
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
    long[] inOrder = Arrays.copyOf(ok, answered);
    long[] sorted = inOrder.clone();
    Arrays.sort(sorted);
    return new CallStatistics(calls, sorted, inOrder, seconds, failures);
  }

  /** Calls in each of the first and last windows {@link #firstAndLast} compares. */
  static final int WINDOW = 1000;

  /**
   * With at least two windows of answered calls: the mean of the first {@value #WINDOW} and of the
   * last {@value #WINDOW}, which shows how far from steady state a fresh plugin starts.
   */
  private String firstAndLast() {
    if (inOrder.length < 2 * WINDOW) {
      return "";
    }
    double first = mean(0, WINDOW);
    double last = mean(inOrder.length - WINDOW, inOrder.length);
    return String.format(
        "  first%d_mean=%.1fµs  last%d_mean=%.1fµs  first/last=%.2f",
        WINDOW, first / 1000.0, WINDOW, last / 1000.0, first / last);
  }

  private double mean(int from, int to) {
    long sum = 0;
    for (int i = from; i < to; i++) {
      sum += inOrder[i];
    }
    return (double) sum / (to - from);
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
            "  p50=%s  p90=%s  p99=%s  max=%s%s%s",
            micros(0.50),
            micros(0.90),
            micros(0.99),
            micros(1.0),
            firstAndLast(),
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
