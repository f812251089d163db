package io.signpost.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.Counter;
import io.signpost.config.ConfigDefaults;
import io.signpost.config.ConfigFormat;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LoadedConfig;
import io.signpost.config.SignpostConfig;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginSpec;
import io.signpost.runtime.ConfigSource;
import io.signpost.runtime.RouterBenchmark;
import io.signpost.runtime.SignpostRuntime;
import io.signpost.server.LoadGenerator.Report;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Connect throughput over QUIC with and without a plugin chain, in one run: routers on {@code
 * dev/config.plugins.dev.yaml} without plugins ("without") and with the chain ("with"), for each
 * listener event-loop count asked for, all on loopback in this process, measured alternately
 * (without, with, without, with, ... for every loop count in turn) so that noise on the machine
 * reaches all of them. Each router is first warmed until its throughput is stable. Not a test: run
 * {@code bench/connect.sh [options]}.
 *
 * <p>Chains ({@code --chain}): {@code dev} (default) is the dev configuration's, the Java gRPC
 * example ({@code deny-grpc}) then the Rust Wasm example ({@code mutate-wasm}); the gRPC example
 * runs in a child JVM, as a plugin server runs in production ({@link GrpcExampleProcess}), and its
 * CPU is reported apart from the router's. {@code wasm} is the Rust example plus, with {@code
 * --go-wasm PATH}, Hyrouter's Go example module ({@code go-wasm}); without a path the Go module is
 * skipped and the output says so.
 *
 * <p>Options: {@code --clients N} (8), {@code --seconds S} per phase (10), {@code --rounds R} (2),
 * {@code --warmup S} per warm-up window (5), {@code --warmup-max S} per router (60), {@code --loops
 * L,...} listener event loops to compare (default: one per processor), {@code --chain dev|wasm},
 * {@code --go-wasm PATH}, {@code --plugins NAME,...} (a part of the chain), {@code --reload-every
 * MS} (a third router, reloaded every MS ms while measured), {@code --wasm-pool-sizes N,...} (the
 * Wasm plugins' {@code pool_size}: the first for the {@code with} routers, one more router per
 * further size, compared with the first), {@code --sni NAME}, {@code --client-threads T} (1),
 * {@code --connection-log warn|info} (warn).
 */
public final class ConnectBenchmark {

  /** The logger of the listener's per-connection lines. */
  static final String CONNECTION_LOGGER = "io.signpost.server.QuicListener";

  /** Two consecutive warm-up windows this close (relative) count as stable. */
  static final double STABLE_WITHIN = 0.05;

  record Options(
      int clients,
      int seconds,
      int rounds,
      int warmup,
      int warmupMax,
      List<Integer> loops,
      String chain,
      String goWasm,
      String sni,
      int clientThreads,
      String connectionLog,
      List<String> plugins,
      int reloadEveryMs,
      List<Integer> wasmPoolSizes) {

    static Options parse(List<String> argv) {
      Options o =
          new Options(
              Integer.parseInt(RouterBenchmark.option(argv, "--clients", "8")),
              Integer.parseInt(RouterBenchmark.option(argv, "--seconds", "10")),
              Integer.parseInt(RouterBenchmark.option(argv, "--rounds", "2")),
              Integer.parseInt(RouterBenchmark.option(argv, "--warmup", "5")),
              Integer.parseInt(RouterBenchmark.option(argv, "--warmup-max", "60")),
              Arrays.stream(
                      RouterBenchmark.option(
                              argv, "--loops", String.valueOf(ConfigDefaults.eventLoops()))
                          .split(","))
                  .map(String::trim)
                  .map(Integer::parseInt)
                  .toList(),
              RouterBenchmark.option(argv, "--chain", "dev"),
              RouterBenchmark.option(argv, "--go-wasm", ""),
              RouterBenchmark.option(argv, "--sni", "play.example.com"),
              Integer.parseInt(RouterBenchmark.option(argv, "--client-threads", "1")),
              RouterBenchmark.option(argv, "--connection-log", "warn"),
              List.of(RouterBenchmark.option(argv, "--plugins", "").split(",")),
              Integer.parseInt(RouterBenchmark.option(argv, "--reload-every", "0")),
              Arrays.stream(RouterBenchmark.option(argv, "--wasm-pool-sizes", "").split(","))
                  .map(String::trim)
                  .filter(size -> !size.isEmpty())
                  .map(Integer::parseInt)
                  .toList());
      if (!o.chain().equals("dev") && !o.chain().equals("wasm")) {
        throw new IllegalArgumentException("--chain: " + o.chain() + " (expected: dev or wasm)");
      }
      if (o.wasmPoolSizes().stream().anyMatch(size -> size < 1)) {
        throw new IllegalArgumentException(
            "--wasm-pool-sizes: " + o.wasmPoolSizes() + " (expected: sizes >= 1)");
      }
      if (!o.goWasm().isEmpty() && !Files.isRegularFile(Path.of(o.goWasm()))) {
        throw new IllegalArgumentException(
            "--go-wasm: " + o.goWasm() + " (expected: a .wasm file)");
      }
      return o;
    }

    /** Whether the run uses the gRPC example (and so its process). */
    boolean needsGrpc(List<PluginSpec<?>> chain) {
      return chain.stream().anyMatch(p -> p.config().type().equals("grpc"));
    }
  }

  /** A router under test: its label, e.g. {@code with/2} (plugins, 2 event loops). */
  record Router(String label, SignpostRuntime runtime, int reloadEveryMs) {
    Router(String label, SignpostRuntime runtime) {
      this(label, runtime, 0);
    }
  }

  /** One measured phase: which router, its load report and the plugin server's CPU meanwhile. */
  record Phase(String router, Report report, Duration pluginServerCpu) {}

  private ConnectBenchmark() {}

  public static void main(String[] args) throws Exception {
    LeakDetectionDefault.apply(); // as the runnable jar does
    Options o = Options.parse(Arrays.asList(args));
    String level = connectionLogLevel(o.connectionLog());
    Map<String, PluginFactory<?>> factories = ConfigLoader.installedFactories();
    GrpcExampleProcess grpc = null;
    try {
      List<PluginSpec<?>> chain = chain(o, 7777, factories, firstPoolSize(o));
      if (o.needsGrpc(chain)) {
        grpc = GrpcExampleProcess.start();
        chain = chain(o, grpc.port(), factories, firstPoolSize(o));
      }
      int grpcPort = grpc == null ? 7777 : grpc.port();
      SignpostConfig dev = devConfig(o, grpcPort, factories, firstPoolSize(o));
      List<Router> routers = new ArrayList<>();
      try {
        for (int loops : o.loops()) {
          routers.add(new Router("without/" + loops, start(dev, List.of(), loops, factories)));
          routers.add(new Router("with/" + loops, start(dev, chain, loops, factories)));
          for (int size :
              o.wasmPoolSizes()
                  .subList(Math.min(1, o.wasmPoolSizes().size()), o.wasmPoolSizes().size())) {
            routers.add(
                new Router(
                    "with-pool" + size + "/" + loops,
                    start(dev, chain(o, grpcPort, factories, size), loops, factories)));
          }
          if (o.reloadEveryMs() > 0) {
            routers.add(
                new Router(
                    "reloading/" + loops,
                    startReloadable(RouterBenchmark.forLoad(dev, chain, loops)),
                    o.reloadEveryMs()));
          }
        }
        printHeader(o, level, chain, grpc != null);
        run(o, routers, grpc);
      } finally {
        for (Router r : routers) {
          r.runtime().close();
        }
      }
    } finally {
      if (grpc != null) {
        grpc.close();
      }
    }
  }

  private static void printHeader(
      Options o, String level, List<PluginSpec<?>> chain, boolean grpcProcess) {
    System.out.printf(
        Locale.ROOT,
        "%s; %d cores; load average %.2f; %s; per-connection log: %s%n",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        o,
        level);
    System.out.println("plugins: " + chain.stream().map(ConnectBenchmark::describe).toList());
    if (o.chain().equals("wasm") && o.goWasm().isEmpty()) {
      System.out.println(
          "go-wasm: SKIPPED, no --go-wasm PATH given (Hyrouter's Go example module, wasip1)");
    }
    if (grpcProcess) {
      System.out.println("gRPC example plugin: in a child process (its CPU: plugin-server below)");
    }
  }

  private static void run(Options o, List<Router> routers, GrpcExampleProcess grpc) {
    for (Router r : routers) {
      StableWarmUp warm =
          StableWarmUp.run(
              () -> measure(r.runtime(), o, Duration.ofSeconds(o.warmup())),
              Math.max(2, o.warmupMax() / Math.max(1, o.warmup())),
              STABLE_WITHIN);
      System.out.printf(Locale.ROOT, "warmup %-10s %s%n", r.label(), warm.describe());
    }
    List<Map<String, Double>> callsBefore =
        routers.stream().map(r -> pluginCalls(r.runtime())).toList();
    List<Phase> phases = new ArrayList<>();
    for (int round = 1; round <= o.rounds(); round++) {
      for (Router r : routers) {
        phases.add(phase(r, o, grpc));
      }
    }
    for (int i = 0; i < routers.size(); i++) {
      Map<String, Long> calls =
          RouterBenchmark.difference(pluginCalls(routers.get(i).runtime()), callsBefore.get(i));
      if (!calls.isEmpty()) {
        System.out.println(
            "plugin calls during the rounds, " + routers.get(i).label() + ": " + calls);
      }
    }
    new ConnectSummary(phases).print(o.loops());
    printPoolSizes(o, routers, phases);
    if (o.reloadEveryMs() > 0) {
      for (int loops : o.loops()) {
        double with = meanPerSecond(phases, "with/" + loops);
        double reloading = meanPerSecond(phases, "reloading/" + loops);
        System.out.printf(
            Locale.ROOT,
            "  reloading/with, %d event loop%s: throughput %.2f (a reload every %d ms, plugins"
                + " kept)%n",
            loops,
            loops == 1 ? "" : "s",
            reloading / with,
            o.reloadEveryMs());
      }
    }
    System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", loadAverage());
  }

  /** The pool size of the {@code with} routers: the first of {@code --wasm-pool-sizes}, if any. */
  private static int firstPoolSize(Options o) {
    return o.wasmPoolSizes().isEmpty() ? 0 : o.wasmPoolSizes().get(0);
  }

  /** Per pool size of {@code --wasm-pool-sizes}: throughput against the first, and pool waits. */
  private static void printPoolSizes(Options o, List<Router> routers, List<Phase> phases) {
    if (o.wasmPoolSizes().isEmpty()) {
      return;
    }
    for (int loops : o.loops()) {
      double first = meanPerSecond(phases, "with/" + loops);
      for (int i = 0; i < o.wasmPoolSizes().size(); i++) {
        int size = o.wasmPoolSizes().get(i);
        String label = i == 0 ? "with/" + loops : "with-pool" + size + "/" + loops;
        Router router = routers.stream().filter(r -> r.label().equals(label)).findFirst().get();
        System.out.printf(
            Locale.ROOT,
            "  wasm pool_size %d, %d event loop%s: throughput %.2f of pool_size %d; calls that"
                + " waited for an instance: %s%n",
            size,
            loops,
            loops == 1 ? "" : "s",
            meanPerSecond(phases, label) / first,
            o.wasmPoolSizes().get(0),
            poolWaits(router.runtime()));
      }
    }
  }

  private static Map<String, Long> poolWaits(SignpostRuntime runtime) {
    Map<String, Long> out = new TreeMap<>();
    for (Counter c : runtime.registry().find("signpost.wasm.pool.waits").counters()) {
      out.merge(c.getId().getTag("plugin"), (long) c.count(), Long::sum);
    }
    return out;
  }

  private static double meanPerSecond(List<Phase> phases, String label) {
    return phases.stream()
        .filter(p -> p.router().equals(label))
        .mapToDouble(p -> p.report().perSecond())
        .average()
        .orElse(Double.NaN);
  }

  /**
   * A router whose configuration source yields the same configuration under a new digest on every
   * read, so each reload goes all the way (validation aside): plugins compared and kept, routing
   * and pipeline swapped, the old chain retired.
   */
  private static SignpostRuntime startReloadable(SignpostConfig config) {
    AtomicLong reads = new AtomicLong();
    ConfigSource source =
        new ConfigSource() {
          @Override
          public LoadedConfig load() {
            return new LoadedConfig(
                config,
                List.of(),
                JsonNodeFactory.instance.objectNode(),
                "sha256:benchmark-" + reads.incrementAndGet());
          }

          @Override
          public List<Path> files() {
            return List.of();
          }

          @Override
          public String describe() {
            return "benchmark";
          }
        };
    LoadedConfig first =
        new LoadedConfig(
            config, List.of(), JsonNodeFactory.instance.objectNode(), "sha256:benchmark-0");
    return SignpostRuntime.start(first, source);
  }

  private static Phase phase(Router router, Options o, GrpcExampleProcess grpc) {
    Duration serverBefore = grpc == null ? Duration.ZERO : grpc.cpu();
    ScheduledExecutorService reloader = null;
    if (router.reloadEveryMs() > 0) {
      reloader = Executors.newSingleThreadScheduledExecutor();
      reloader.scheduleAtFixedRate(
          () -> router.runtime().reload("benchmark"),
          router.reloadEveryMs(),
          router.reloadEveryMs(),
          TimeUnit.MILLISECONDS);
    }
    Report report;
    try {
      report = measure(router.runtime(), o, Duration.ofSeconds(o.seconds()));
    } finally {
      if (reloader != null) {
        reloader.shutdownNow();
      }
    }
    Duration serverCpu = grpc == null ? Duration.ZERO : grpc.cpu().minus(serverBefore);
    Phase phase = new Phase(router.label(), report, serverCpu);
    System.out.printf(
        Locale.ROOT,
        "%-10s connects/s=%.0f p50=%.2fms p99=%.2fms answered=%d failed=%d%n"
            + "           router cpu ms per connect %.3f, by thread group: %s%s%n",
        router.label(),
        report.perSecond(),
        report.p50Millis(),
        report.p99Millis(),
        report.answered(),
        report.failed(),
        ConnectSummary.routerCpuPerConnect(phase),
        ConnectSummary.perConnectByGroup(phase),
        grpc == null
            ? ""
            : String.format(
                Locale.ROOT,
                "; plugin-server (own process) %.3f",
                ConnectSummary.pluginServerCpuPerConnect(phase)));
    return phase;
  }

  private static Report measure(SignpostRuntime runtime, Options o, Duration duration) {
    return RouterBenchmark.measure(runtime, o.sni(), o.clients(), duration, o.clientThreads());
  }

  /**
   * The dev configuration, with the Go module appended as {@code go-wasm} when given, and every
   * Wasm plugin's {@code pool_size} set when {@code poolSize} is above 0.
   */
  private static SignpostConfig devConfig(
      Options o, int grpcPort, Map<String, PluginFactory<?>> factories, int poolSize)
      throws Exception {
    String text = ExamplePlugins.devPluginConfig(grpcPort);
    if (!o.goWasm().isEmpty()) {
      text +=
          "\n  - name: go-wasm\n    type: wasm\n    stage: mutate\n    wasm:\n      path: "
              + Path.of(o.goWasm()).toAbsolutePath()
              + "\n";
    }
    if (poolSize > 0) {
      text = text.replace("    wasm:\n", "    wasm:\n      pool_size: " + poolSize + "\n");
    }
    return ConfigLoader.parse(text, ConfigFormat.YAML, factories).config();
  }

  /** The plugins of {@code --chain}, narrowed by {@code --plugins}. */
  private static List<PluginSpec<?>> chain(
      Options o, int grpcPort, Map<String, PluginFactory<?>> factories, int poolSize)
      throws Exception {
    List<PluginSpec<?>> all = devConfig(o, grpcPort, factories, poolSize).plugins();
    List<PluginSpec<?>> chain =
        o.chain().equals("wasm")
            ? all.stream().filter(p -> p.config().type().equals("wasm")).toList()
            : all.stream().filter(p -> !p.name().equals("go-wasm")).toList();
    return selected(chain, o.plugins());
  }

  private static SignpostRuntime start(
      SignpostConfig dev,
      List<PluginSpec<?>> plugins,
      int loops,
      Map<String, PluginFactory<?>> factories) {
    return SignpostRuntime.start(RouterBenchmark.forLoad(dev, plugins, loops));
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
