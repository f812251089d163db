package io.signpost.runtime;

import io.micrometer.core.instrument.Counter;
import io.signpost.config.AdminConfig;
import io.signpost.config.ConfigDefaults;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LimitsConfig;
import io.signpost.config.ListenAddress;
import io.signpost.config.ListenerConfig;
import io.signpost.config.LoadedConfig;
import io.signpost.config.SignpostConfig;
import io.signpost.metrics.MeterNames;
import io.signpost.plugin.PluginSpec;
import io.signpost.server.LoadGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Closed-loop QUIC load against a whole in-process router: a {@link SignpostRuntime} (routing,
 * plugin chain, referral signing, decision log, metrics) on {@code 127.0.0.1:0}, driven by {@link
 * LoadGenerator} with real encoded {@code Connect} packets. Not a test: run it with
 *
 * <pre>
 * mvn -q -pl router-core test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.signpost.runtime.RouterBenchmark \
 *   -Dexec.args="--clients 8 --seconds 10"
 * </pre>
 *
 * <p>Options: {@code --config FILE} (default: the built-in configuration), {@code --clients N} (8),
 * {@code --seconds S} (10), {@code --sni NAME} ({@code play.example.com}), {@code --client-threads
 * T} (1). The configuration is prepared by {@link #forLoad}: {@code listen} becomes {@code
 * 127.0.0.1:0}, the admin endpoint is turned off and {@code limits.max_new_connections_per_source}
 * is raised to 1,000,000. Plugins are created through the installed factories. Prints a 2 s
 * warm-up, the measured run (connects/s, p50, p99, CPU seconds by thread group) and the decisions
 * the router counted by outcome.
 *
 * <p>The public static methods are the pieces other benchmarks (the launcher's {@code
 * ConnectBenchmark}) reuse.
 */
public final class RouterBenchmark {

  /** The per-source connection limit {@link #forLoad} sets. */
  public static final int LOAD_PER_SOURCE_LIMIT = 1_000_000;

  private RouterBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> argv = Arrays.asList(args);
    int clients = Integer.parseInt(option(argv, "--clients", "8"));
    int seconds = Integer.parseInt(option(argv, "--seconds", "10"));
    int threads = Integer.parseInt(option(argv, "--client-threads", "1"));
    String sni = option(argv, "--sni", "play.example.com");
    String file = option(argv, "--config", null);
    SignpostConfig loaded = file == null ? SignpostConfig.defaults() : load(Path.of(file));
    SignpostConfig config = forLoad(loaded, loaded.plugins());

    try (SignpostRuntime runtime = SignpostRuntime.start(config)) {
      System.out.println(
          "router on "
              + runtime.address()
              + " plugins="
              + config.plugins().size()
              + " clients="
              + clients);
      System.out.println(
          "warmup  " + measure(runtime, sni, clients, Duration.ofSeconds(2), threads));
      Map<String, Double> before = decisions(runtime);
      LoadGenerator.Report report =
          measure(runtime, sni, clients, Duration.ofSeconds(seconds), threads);
      System.out.println("clients=" + clients + " " + report);
      System.out.println("decisions during the run: " + difference(decisions(runtime), before));
    }
  }

  /**
   * Closed-loop load on {@code runtime}: {@code clients} QUIC clients sending layout A Connect
   * packets (usernames {@code bench0..bench9999}, so UUIDs vary) for {@code duration}. Blocks.
   */
  public static LoadGenerator.Report measure(
      SignpostRuntime runtime, String sni, int clients, Duration duration, int clientThreads) {
    AtomicInteger sequence = new AtomicInteger();
    Supplier<byte[]> connect =
        () -> RunningRouter.connect("bench" + (sequence.incrementAndGet() % 10_000), "en");
    return new LoadGenerator(runtime.address(), sni, connect).run(clients, duration, clientThreads);
  }

  private static SignpostConfig load(Path file) throws Exception {
    LoadedConfig loaded = ConfigLoader.load(file);
    loaded.warnings().forEach(w -> System.err.println("warning: " + w));
    return loaded.config();
  }

  /**
   * {@code c} prepared for an in-process load run: listening on {@code 127.0.0.1:0}, no admin
   * endpoint, {@code limits.max_new_connections_per_source} raised to {@link
   * #LOAD_PER_SOURCE_LIMIT} (every load client connects from 127.0.0.1), and {@code plugins} as the
   * plugin chain.
   */
  public static SignpostConfig forLoad(SignpostConfig c, List<PluginSpec<?>> plugins) {
    return forLoad(c, plugins, c.listener().eventLoops());
  }

  /** As {@link #forLoad(SignpostConfig, List)}, with {@code eventLoops} QUIC event loops. */
  public static SignpostConfig forLoad(
      SignpostConfig c, List<PluginSpec<?>> plugins, int eventLoops) {
    LimitsConfig l = c.limits();
    LimitsConfig limits =
        new LimitsConfig(
            l.connectTimeout(),
            l.maxFrameBytes(),
            l.maxConnections(),
            LOAD_PER_SOURCE_LIMIT,
            l.shutdownGrace(),
            l.pluginStartupTimeout());
    return new SignpostConfig(
        new ListenAddress("127.0.0.1", 0),
        c.tls(),
        c.quic(),
        c.logging(),
        c.routing(),
        c.referral(),
        c.messages(),
        c.discoveryProviders(),
        plugins,
        limits,
        new AdminConfig(null, ConfigDefaults.DECISION_LOG_SIZE, c.admin().redactIdentities()),
        new ListenerConfig(eventLoops));
  }

  /** Decisions the router has counted so far, by outcome. */
  public static Map<String, Double> decisions(SignpostRuntime runtime) {
    Map<String, Double> out = new TreeMap<>();
    for (Counter counter : runtime.registry().find(MeterNames.DECISIONS).counters()) {
      out.merge(counter.getId().getTag("outcome"), counter.count(), Double::sum);
    }
    return out;
  }

  /** {@code after - before}, per key, rounded. */
  public static Map<String, Long> difference(
      Map<String, Double> after, Map<String, Double> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((k, v) -> out.put(k, Math.round(v - before.getOrDefault(k, 0.0))));
    return out;
  }

  /** The value after {@code name} in {@code argv}, or {@code fallback}. */
  public static String option(List<String> argv, String name, String fallback) {
    int i = argv.indexOf(name);
    return i >= 0 && i + 1 < argv.size() ? argv.get(i + 1) : fallback;
  }
}
