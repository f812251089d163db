package io.signpost.grpc.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.grpc.GrpcOptions;
import io.signpost.grpc.GrpcPlugin;
import io.signpost.grpc.GrpcPluginFactory;
import io.signpost.grpc.server.PluginServer;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginContext;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load generator for a loopback gRPC plugin: round-trip latency (p50, p99) and calls per second at
 * 1 and 16 concurrent calls (closed loop: each caller issues its next call when the previous one
 * completes), and the cost of a call while the breaker is open. Not a test; run it with
 *
 * <pre>mvn -B -q -pl grpc-host -am test-compile -Pbench</pre>
 *
 * System properties: {@code bench.seconds} (per measurement, default 10), {@code bench.warmup}
 * (seconds, default 5).
 */
public final class GrpcPluginBench {

  private static final ConnectRequest REQUEST = request();

  private GrpcPluginBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 10);
    int warmup = Integer.getInteger("bench.warmup", 5);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    PluginContext context = new PluginContext(new SimpleMeterRegistry(), scheduler);
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cpus, %ds per run after %ds warm-up%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        seconds,
        warmup);
    try (PluginServer server =
            PluginServer.builder(GrpcPluginBench::answer).port(0).build().start();
        GrpcPlugin plugin =
            GrpcPluginFactory.create(
                "bench", GrpcOptions.forAddress("127.0.0.1:" + server.port()), context)) {
      run(plugin, 16, warmup);
      System.out.println("| concurrency | calls/s | p50 (µs) | p99 (µs) |");
      System.out.println("|---|---|---|---|");
      for (int concurrency : new int[] {1, 16}) {
        long[] latencies = run(plugin, concurrency, seconds);
        Arrays.sort(latencies);
        System.out.printf(
            Locale.ROOT,
            "| %d | %,.0f | %d | %d |%n",
            concurrency,
            latencies.length / (double) seconds,
            percentile(latencies, 0.50) / 1000,
            percentile(latencies, 0.99) / 1000);
      }
    }
    breakerOpen(context);
    scheduler.shutdownNow();
  }

  private static long[] run(GrpcPlugin plugin, int concurrency, int seconds) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    CountDownLatch done = new CountDownLatch(concurrency);
    LatencyLog[] logs = new LatencyLog[concurrency];
    for (int i = 0; i < concurrency; i++) {
      logs[i] = new LatencyLog();
      next(plugin, logs[i], running, done);
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    running.set(false);
    if (!done.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("callers did not finish");
    }
    return Arrays.stream(logs).flatMapToLong(LatencyLog::stream).toArray();
  }

  private static void next(
      GrpcPlugin plugin, LatencyLog log, AtomicBoolean running, CountDownLatch done) {
    if (!running.get()) {
      done.countDown();
      return;
    }
    long start = System.nanoTime();
    plugin
        .onConnect(REQUEST, Deadline.after(Duration.ofSeconds(2)))
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                throw new IllegalStateException("bench call failed", failure);
              }
              log.add(System.nanoTime() - start);
              next(plugin, log, running, done);
            });
  }

  private static void breakerOpen(PluginContext context) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    GrpcOptions options =
        new GrpcOptions(
            "127.0.0.1:" + port,
            GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES,
            null,
            new GrpcOptions.Breaker(1, Duration.ofHours(1)));
    try (GrpcPlugin dead = GrpcPluginFactory.create("dead", options, context)) {
      dead.onConnect(REQUEST, Deadline.after(Duration.ofSeconds(2))).handle((r, e) -> e).get();
      int calls = 2_000_000;
      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          dead.onConnect(REQUEST, Deadline.after(Duration.ofSeconds(2)));
        }
        long elapsed = System.nanoTime() - start;
        if (round == 2) {
          System.out.printf(
              Locale.ROOT,
              "breaker open (%s): %.0f ns per call (%,d calls)%n",
              dead.breakerState(),
              elapsed / (double) calls,
              calls);
        }
      }
    }
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static ConnectResponse answer(ConnectRequest request) {
    return new ConnectResponse(
        false,
        null,
        null,
        null,
        Backend.of("play.hyvane.com", 5520),
        "grpc-plugin".getBytes(StandardCharsets.UTF_8));
  }

  private static ConnectRequest request() {
    ConnectEvent event =
        new ConnectEvent(
            "grpc.play.example.com",
            null,
            "6708f7b3",
            0,
            "8d3f2a10-4c3b-4e5f-9a7b-1c2d3e4f5a6b",
            "alice",
            "en",
            true,
            "hytale/2");
    List<Backend> pool = List.of(Backend.of("10.0.0.1", 5520), Backend.of("10.0.0.2", 5520));
    return new ConnectRequest(event, "round_robin", pool, 0, pool.get(0), null);
  }

  /** One caller's latencies; written by whichever thread completes its call, one at a time. */
  private static final class LatencyLog {
    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
    }

    synchronized java.util.stream.LongStream stream() {
      return Arrays.stream(values, 0, size);
    }
  }
}
