package io.signpost.cli;

import io.signpost.cli.ConnectBenchmark.Phase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The connect benchmark's figures: per-connect CPU of a phase, and the summary over the rounds
 * (means per router, ratios with/without per event-loop count, and each loop count against the
 * first one).
 */
final class ConnectSummary {

  private final List<Phase> phases;

  ConnectSummary(List<Phase> phases) {
    this.phases = List.copyOf(phases);
  }

  /** CPU ms per answered connect of this process's thread groups, the load generator included. */
  static Map<String, String> perConnectByGroup(Phase phase) {
    Map<String, String> out = new TreeMap<>();
    long answered = Math.max(1, phase.report().answered());
    phase
        .report()
        .cpuSeconds()
        .forEach(
            (group, seconds) -> {
              double ms = seconds * 1000 / answered;
              if (ms >= 0.005) {
                out.put(group, String.format(Locale.ROOT, "%.3f", ms));
              }
            });
    return out;
  }

  /**
   * The router's CPU ms per connect: its own threads ({@code signpost-*}: QUIC event loops, timer,
   * Wasm workers) and its gRPC client's ({@code grpc-*}); not the load generator, the benchmark's
   * main thread or the JVM's housekeeping.
   */
  static double routerCpuPerConnect(Phase phase) {
    double seconds =
        phase.report().cpuSeconds().entrySet().stream()
            .filter(e -> e.getKey().startsWith("signpost-") || e.getKey().startsWith("grpc-"))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    return seconds * 1000 / Math.max(1, phase.report().answered());
  }

  /** The gRPC plugin server's CPU ms per connect (its own process). */
  static double pluginServerCpuPerConnect(Phase phase) {
    return phase.pluginServerCpu().toNanos() / 1e6 / Math.max(1, phase.report().answered());
  }

  /** Means of {@code router}: connects/s, p50, p99, router CPU, plugin-server CPU per connect. */
  double[] means(String router) {
    double[] sums = new double[5];
    int n = 0;
    for (Phase p : phases) {
      if (p.router().equals(router)) {
        sums[0] += p.report().perSecond();
        sums[1] += p.report().p50Millis();
        sums[2] += p.report().p99Millis();
        sums[3] += routerCpuPerConnect(p);
        sums[4] += pluginServerCpuPerConnect(p);
        n++;
      }
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= Math.max(1, n);
    }
    return sums;
  }

  void print(List<Integer> loops) {
    System.out.println("summary (mean of the rounds):");
    for (int l : loops) {
      for (String kind : List.of("without", "with")) {
        double[] m = means(kind + "/" + l);
        System.out.printf(
            Locale.ROOT,
            "  %-7s plugins, %d event loop%s: connects/s=%.0f p50=%.2fms p99=%.2fms"
                + " router cpu/connect=%.3fms plugin-server cpu/connect=%.3fms%n",
            kind,
            l,
            l == 1 ? " " : "s",
            m[0],
            m[1],
            m[2],
            m[3],
            m[4]);
      }
    }
    for (int l : loops) {
      double[] without = means("without/" + l);
      double[] with = means("with/" + l);
      System.out.printf(
          Locale.ROOT,
          "  with/without, %d event loop%s: throughput %.2f (cost %.0f%%), p50 %.2f, p99 %.2f,"
              + " router cpu per connect %.2f%n",
          l,
          l == 1 ? " " : "s",
          with[0] / without[0],
          100 * (1 - with[0] / without[0]),
          with[1] / without[1],
          with[2] / without[2],
          with[3] / without[3]);
    }
    int first = loops.get(0);
    for (int l : loops.subList(1, loops.size())) {
      for (String kind : List.of("without", "with")) {
        System.out.printf(
            Locale.ROOT,
            "  %d loops / %d loop%s, %s plugins: throughput %.2f, p50 %.2f%n",
            l,
            first,
            first == 1 ? "" : "s",
            kind,
            means(kind + "/" + l)[0] / means(kind + "/" + first)[0],
            means(kind + "/" + l)[1] / means(kind + "/" + first)[1]);
      }
    }
  }
}
