package io.signpost.cli;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.Counter;
import io.signpost.config.ConfigFormat;
import io.signpost.config.ConfigLoader;
import io.signpost.config.SignpostConfig;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginSpec;
import io.signpost.runtime.RouterBenchmark;
import io.signpost.runtime.SignpostRuntime;
import io.signpost.server.LoadGenerator.Report;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * Connect throughput over QUIC with and without the example plugin chain, in one process: a router
 * on {@code dev/config.plugins.dev.yaml} without its plugins ("without") and the same router with
 * them ("with": the Java gRPC example, served in-process on threads named {@code plugin-server-*},
 * then the Rust Wasm example), both on loopback, measured alternately (warm-up, then without, with,
 * without, with, ...) so that noise on the machine reaches both. Not a test: run {@code
 * bench/connect.sh [options]}.
 *
 * <p>Options: {@code --clients N} (8), {@code --seconds S} per phase (10), {@code --rounds R} (2),
 * {@code --warmup S} per router (5), {@code --sni NAME} ({@code play.example.com}), {@code
 * --client-threads T} (1), {@code --connection-log warn|info} (warn: the listener's per-connection
 * info line is off during the run), {@code --plugins NAME,...} (default: every plugin of the dev
 * configuration, {@code deny-grpc,mutate-wasm}; name one to measure it alone). Prints every phase,
 * the CPU each thread group spent per connect, the plugin calls by result, and a summary with the
 * ratios with/without.
 */
public final class ConnectBenchmark {

  /** The logger of the listener's per-connection lines. */
  static final String CONNECTION_LOGGER = "io.signpost.server.QuicListener";

  record Options(
      int clients,
      int seconds,
      int rounds,
      int warmup,
      String sni,
      int clientThreads,
      String connectionLog,
      List<String> plugins) {

    static Options parse(List<String> argv) {
      return new Options(
          Integer.parseInt(RouterBenchmark.option(argv, "--clients", "8")),
          Integer.parseInt(RouterBenchmark.option(argv, "--seconds", "10")),
          Integer.parseInt(RouterBenchmark.option(argv, "--rounds", "2")),
          Integer.parseInt(RouterBenchmark.option(argv, "--warmup", "5")),
          RouterBenchmark.option(argv, "--sni", "play.example.com"),
          Integer.parseInt(RouterBenchmark.option(argv, "--client-threads", "1")),
          RouterBenchmark.option(argv, "--connection-log", "warn"),
          List.of(RouterBenchmark.option(argv, "--plugins", "").split(",")));
    }
  }

  /** One measured phase: which router, and its load report. */
  record Phase(String router, Report report) {}

  private ConnectBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(Arrays.asList(args));
    String level = connectionLogLevel(o.connectionLog());
    Map<String, PluginFactory<?>> factories = ConfigLoader.installedFactories();
    try (ExamplePlugins.OwnThreadsServer grpc = ExamplePlugins.startGrpcExampleOnOwnThreads()) {
      SignpostConfig dev =
          ConfigLoader.parse(
                  ExamplePlugins.devPluginConfig(grpc.port()), ConfigFormat.YAML, factories)
              .config();
      try (SignpostRuntime without = start(dev, List.of());
          SignpostRuntime with = start(dev, selected(dev.plugins(), o.plugins()))) {
        System.out.printf(
            Locale.ROOT,
            "%s; %d cores; load average %.2f; %s; per-connection log: %s%n",
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            loadAverage(),
            o,
            level);
        System.out.println(
            "plugins: "
                + selected(dev.plugins(), o.plugins()).stream()
                    .map(ConnectBenchmark::describe)
                    .toList());
        run(o, without, with);
      }
    }
  }

  private static void run(Options o, SignpostRuntime without, SignpostRuntime with) {
    Duration warmup = Duration.ofSeconds(o.warmup());
    System.out.println("warmup without " + measure(without, o, warmup));
    System.out.println("warmup with    " + measure(with, o, warmup));
    Map<String, Double> callsBefore = pluginCalls(with);
    List<Phase> phases = new ArrayList<>();
    for (int round = 1; round <= o.rounds(); round++) {
      phases.add(phase("without", without, o));
      phases.add(phase("with", with, o));
    }
    System.out.println(
        "plugin calls during the rounds: "
            + RouterBenchmark.difference(pluginCalls(with), callsBefore));
    summarize(phases);
    System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", loadAverage());
  }

  private static Phase phase(String router, SignpostRuntime runtime, Options o) {
    Report report = measure(runtime, o, Duration.ofSeconds(o.seconds()));
    Phase phase = new Phase(router, report);
    System.out.printf(
        Locale.ROOT,
        "%-8s connects/s=%.0f p50=%.2fms p99=%.2fms answered=%d failed=%d%n"
            + "         cpu ms per connect by thread group: %s%n",
        router,
        report.perSecond(),
        report.p50Millis(),
        report.p99Millis(),
        report.answered(),
        report.failed(),
        perConnect(phase));
    return phase;
  }

  private static Report measure(SignpostRuntime runtime, Options o, Duration duration) {
    return RouterBenchmark.measure(runtime, o.sni(), o.clients(), duration, o.clientThreads());
  }

  private static void summarize(List<Phase> phases) {
    double[] without = means(phases, "without");
    double[] with = means(phases, "with");
    System.out.println("summary (mean of the rounds):");
    System.out.printf(
        Locale.ROOT,
        "  without plugins: connects/s=%.0f p50=%.2fms p99=%.2fms%n",
        without[0],
        without[1],
        without[2]);
    System.out.printf(
        Locale.ROOT,
        "  with plugins:    connects/s=%.0f p50=%.2fms p99=%.2fms%n",
        with[0],
        with[1],
        with[2]);
    System.out.printf(
        Locale.ROOT,
        "  with/without: throughput %.2f (cost %.0f%%), p50 %.2f, p99 %.2f%n",
        with[0] / without[0],
        100 * (1 - with[0] / without[0]),
        with[1] / without[1],
        with[2] / without[2]);
  }

  /** Mean connects/s, p50 and p99 over the phases of {@code router}. */
  private static double[] means(List<Phase> phases, String router) {
    double[] sums = new double[3];
    int n = 0;
    for (Phase p : phases) {
      if (p.router().equals(router)) {
        sums[0] += p.report().perSecond();
        sums[1] += p.report().p50Millis();
        sums[2] += p.report().p99Millis();
        n++;
      }
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] /= n;
    }
    return sums;
  }

  private static Map<String, String> perConnect(Phase phase) {
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

  private static SignpostRuntime start(SignpostConfig dev, List<PluginSpec<?>> plugins) {
    return SignpostRuntime.start(RouterBenchmark.forLoad(dev, plugins));
  }

  private static Map<String, Double> pluginCalls(SignpostRuntime runtime) {
    Map<String, Double> out = new TreeMap<>();
    for (Counter c : runtime.registry().find("signpost.plugin.calls").counters()) {
      out.merge(
          c.getId().getTag("plugin") + "/" + c.getId().getTag("result"), c.count(), Double::sum);
    }
    return out;
  }

  /** The plugins named in {@code names}, or all of them when {@code names} is blank. */
  private static List<PluginSpec<?>> selected(List<PluginSpec<?>> plugins, List<String> names) {
    if (names.stream().allMatch(String::isBlank)) {
      return plugins;
    }
    List<PluginSpec<?>> out = plugins.stream().filter(p -> names.contains(p.name())).toList();
    if (out.size() != names.size()) {
      throw new IllegalArgumentException(
          "--plugins: "
              + names
              + " (expected: names among "
              + plugins.stream().map(PluginSpec::name).toList()
              + ")");
    }
    return out;
  }

  private static String describe(PluginSpec<?> spec) {
    PluginConfig p = spec.config();
    return p.name() + " (" + p.type() + ", " + p.stage().configName() + ")";
  }

  /** Sets the per-connection logger's level; returns what was set, as printed. */
  private static String connectionLogLevel(String level) {
    if (!(LoggerFactory.getLogger(CONNECTION_LOGGER)
        instanceof ch.qos.logback.classic.Logger logger)) {
      return "unchanged (logging backend " + LoggerFactory.getILoggerFactory().getClass() + ")";
    }
    logger.setLevel(Level.toLevel(level, Level.WARN));
    return logger.getLevel() + " (" + CONNECTION_LOGGER + ")";
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
