package io.signpost.runtime;

import io.micrometer.core.instrument.Counter;
import io.signpost.config.AdminConfig;
import io.signpost.config.ConfigDefaults;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LimitsConfig;
import io.signpost.config.ListenAddress;
import io.signpost.config.LoadedConfig;
import io.signpost.config.SignpostConfig;
import io.signpost.metrics.MeterNames;
import io.signpost.server.LoadGenerator;
import java.net.InetSocketAddress;
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
 * <p>Options: {@code --config FILE} (default: the built-in configuration with {@code
 * limits.max_new_connections_per_source} raised to 1,000,000; a file keeps its own limits, which
 * must allow the load), {@code --clients N} (8), {@code --seconds S} (10), {@code --sni NAME}
 * ({@code play.example.com}), {@code --client-threads T} (1). The file's {@code listen} is replaced
 * by {@code 127.0.0.1:0} and its admin endpoint is turned off. Plugins are created through the
 * installed factories. Prints a 2 s warm-up, the measured run (connects/s, p50, p99, CPU seconds by
 * thread group) and the decisions the router counted by outcome.
 */
public final class RouterBenchmark {

  private RouterBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> argv = Arrays.asList(args);
    int clients = Integer.parseInt(option(argv, "--clients", "8"));
    int seconds = Integer.parseInt(option(argv, "--seconds", "10"));
    int threads = Integer.parseInt(option(argv, "--client-threads", "1"));
    String sni = option(argv, "--sni", "play.example.com");
    String file = option(argv, "--config", null);
    SignpostConfig config = onLoopback(file == null ? highLimitDefaults() : load(Path.of(file)));

    try (SignpostRuntime runtime =
        SignpostRuntime.start(config, ConfigLoader.installedFactories())) {
      InetSocketAddress target = runtime.address();
      AtomicInteger sequence = new AtomicInteger();
      Supplier<byte[]> connect =
          () -> RunningRouter.connect("bench" + (sequence.incrementAndGet() % 10_000), "en");
      System.out.println(
          "router on " + target + " plugins=" + config.plugins().size() + " clients=" + clients);
      LoadGenerator.Report warmup =
          new LoadGenerator(target, sni, connect).run(clients, Duration.ofSeconds(2), threads);
      System.out.println("warmup  " + warmup);
      Map<String, Double> before = decisions(runtime);
      LoadGenerator.Report report =
          new LoadGenerator(target, sni, connect)
              .run(clients, Duration.ofSeconds(seconds), threads);
      System.out.println("clients=" + clients + " " + report);
      System.out.println("decisions during the run: " + difference(decisions(runtime), before));
    }
  }

  private static SignpostConfig load(Path file) throws Exception {
    LoadedConfig loaded = ConfigLoader.load(file);
    loaded.warnings().forEach(w -> System.err.println("warning: " + w));
    return loaded.config();
  }

  private static SignpostConfig highLimitDefaults() {
    SignpostConfig d = SignpostConfig.defaults();
    LimitsConfig l = d.limits();
    LimitsConfig limits =
        new LimitsConfig(
            l.connectTimeout(),
            l.maxFrameBytes(),
            l.maxConnections(),
            1_000_000,
            l.shutdownGrace());
    return new SignpostConfig(
        d.listen(),
        d.tls(),
        d.quic(),
        d.logging(),
        d.routing(),
        d.referral(),
        d.messages(),
        d.discoveryProviders(),
        d.plugins(),
        limits,
        d.admin());
  }

  private static SignpostConfig onLoopback(SignpostConfig c) {
    return new SignpostConfig(
        new ListenAddress("127.0.0.1", 0),
        c.tls(),
        c.quic(),
        c.logging(),
        c.routing(),
        c.referral(),
        c.messages(),
        c.discoveryProviders(),
        c.plugins(),
        c.limits(),
        new AdminConfig(null, ConfigDefaults.DECISION_LOG_SIZE, c.admin().redactIdentities()));
  }

  private static Map<String, Double> decisions(SignpostRuntime runtime) {
    Map<String, Double> out = new TreeMap<>();
    for (Counter counter : runtime.registry().find(MeterNames.DECISIONS).counters()) {
      out.merge(counter.getId().getTag("outcome"), counter.count(), Double::sum);
    }
    return out;
  }

  private static Map<String, Long> difference(
      Map<String, Double> after, Map<String, Double> before) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach((k, v) -> out.put(k, Math.round(v - before.getOrDefault(k, 0.0))));
    return out;
  }

  private static String option(List<String> argv, String name, String fallback) {
    int i = argv.indexOf(name);
    return i >= 0 && i + 1 < argv.size() ? argv.get(i + 1) : fallback;
  }
}
