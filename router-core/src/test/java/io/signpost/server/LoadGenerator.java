package io.signpost.server;

import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Closed-loop QUIC load: {@code clients} virtual clients, each connecting, sending one first frame
 * and waiting for the answer, again and again for {@code seconds}. Prints connects per second and
 * the p50/p99 latency from the start of a connection to the end of its answer. Not a test: run it
 * with
 *
 * <pre>
 * mvn -q -pl router-core test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.signpost.server.LoadGenerator \
 *   -Dexec.args="--local --clients 32 --seconds 10"
 * </pre>
 *
 * <p>{@code --host H --port P --sni S} targets a running router instead of {@code --local}, which
 * starts an in-process listener with a trivial handler (the listener alone, no routing, no
 * plugins). The router under test must allow this many new connections per second from one source
 * ({@code limits.max_new_connections_per_source}).
 */
public final class LoadGenerator {

  /**
   * What one run measured.
   *
   * @param cpuSeconds CPU seconds the process's threads used during the run, by {@linkplain
   *     #cpuByThreadGroup thread group}
   */
  public record Report(
      long answered,
      long failed,
      double seconds,
      double p50Millis,
      double p99Millis,
      Map<String, Double> cpuSeconds) {
    public double perSecond() {
      return answered / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "answered=%d failed=%d duration=%.1fs connects/s=%.0f p50=%.2fms p99=%.2fms cpu_s=%s",
          answered,
          failed,
          seconds,
          perSecond(),
          p50Millis,
          p99Millis,
          formatCpu(cpuSeconds, 0.2));
    }
  }

  private final InetSocketAddress target;
  private final String sni;
  private final Supplier<byte[]> firstFrame;

  public LoadGenerator(InetSocketAddress target, String sni, Supplier<byte[]> firstFrame) {
    this.target = target;
    this.sni = sni;
    this.firstFrame = firstFrame;
  }

  /** Runs {@code clients} closed loops for {@code duration}; blocks until done. */
  public Report run(int clients, Duration duration, int clientThreads) {
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    Map<String, Double> cpu;
    Map<Long, Long> cpuBefore = cpuByThread();
    try (QuicTestClient client = new QuicTestClient(clientThreads)) {
      Request template =
          new Request(
              target, sni, List.of("hytale/2"), null, new byte[0], false, Duration.ofSeconds(5));
      List<QuicTestClient.Endpoint> endpoints = new ArrayList<>();
      CompletableFuture<?>[] loops = new CompletableFuture<?>[clients];
      for (int i = 0; i < clients; i++) {
        QuicTestClient.Endpoint endpoint = client.endpoint(template);
        endpoints.add(endpoint);
        loops[i] = loop(endpoint, end, latencies, failed);
      }
      CompletableFuture.allOf(loops).join();
      endpoints.forEach(QuicTestClient.Endpoint::close);
      cpu = cpuByThreadGroup(cpuBefore);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Report(
        sorted.length,
        failed.get(),
        seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        cpu);
  }

  private CompletableFuture<Void> loop(
      QuicTestClient.Endpoint endpoint,
      long end,
      ConcurrentLinkedQueue<Long> latencies,
      AtomicLong failed) {
    if (System.nanoTime() >= end) {
      return CompletableFuture.completedFuture(null);
    }
    return endpoint
        .exchange(firstFrame.get())
        .thenCompose(
            (Result result) -> {
              if (result.outcome() == Outcome.FIN && result.received().length > 0) {
                latencies.add(result.elapsedNanos());
              } else if (failed.incrementAndGet() <= 3) {
                System.err.println(
                    "failed exchange: "
                        + result.outcome()
                        + " "
                        + result.error()
                        + " close="
                        + result.closeEvent());
              }
              return loop(endpoint, end, latencies, failed);
            });
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  public static void main(String[] args) {
    List<String> argv = Arrays.asList(args);
    int clients = Integer.parseInt(option(argv, "--clients", "32"));
    int seconds = Integer.parseInt(option(argv, "--seconds", "10"));
    int threads = Integer.parseInt(option(argv, "--client-threads", "1"));
    String sni = option(argv, "--sni", "play.example.com");
    Supplier<byte[]> frame = () -> Frames.connect("load");
    QuicListener local = null;
    InetSocketAddress target;
    if (argv.contains("--local")) {
      local = new QuicListener(localSettings(), trivialHandler());
      target = local.start();
    } else {
      target =
          new InetSocketAddress(
              option(argv, "--host", "127.0.0.1"),
              Integer.parseInt(option(argv, "--port", "5520")));
    }
    try {
      Report warmup =
          new LoadGenerator(target, sni, frame).run(clients, Duration.ofSeconds(2), threads);
      System.out.println("warmup  " + warmup);
      Report report =
          new LoadGenerator(target, sni, frame).run(clients, Duration.ofSeconds(seconds), threads);
      System.out.println("clients=" + clients + " " + report);
    } finally {
      if (local != null) {
        local.close();
      }
    }
  }

  /** CPU nanoseconds used so far by each live thread of this process, by thread id. */
  public static Map<Long, Long> cpuByThread() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new TreeMap<>();
    for (long id : bean.getAllThreadIds()) {
      long nanos = bean.getThreadCpuTime(id);
      if (nanos > 0) {
        out.put(id, nanos);
      }
    }
    return out;
  }

  /**
   * CPU seconds the live threads of this process used since {@code before} (a {@link #cpuByThread}
   * snapshot), summed by thread name without its trailing digits and dashes ({@code
   * quic-test-client-3-1} counts as {@code quic-test-client}). Threads that ended in between are
   * not counted.
   */
  public static Map<String, Double> cpuByThreadGroup(Map<Long, Long> before) {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<String, Double> sums = new TreeMap<>();
    for (ThreadInfo info : bean.getThreadInfo(bean.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      String name = info.getThreadName().replaceAll("[-0-9]+$", "");
      long nanos =
          bean.getThreadCpuTime(info.getThreadId()) - before.getOrDefault(info.getThreadId(), 0L);
      if (nanos > 0) {
        sums.merge(name, nanos / 1e9, Double::sum);
      }
    }
    return sums;
  }

  /** The groups of {@code cpuSeconds} with at least {@code min} seconds, to one decimal. */
  public static Map<String, String> formatCpu(Map<String, Double> cpuSeconds, double min) {
    Map<String, String> out = new TreeMap<>();
    cpuSeconds.forEach(
        (k, v) -> {
          if (v >= min) {
            out.put(k, String.format(Locale.ROOT, "%.1f", v));
          }
        });
    return out;
  }

  private static ListenerSettings localSettings() {
    return ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
        .maxNewConnectionsPerSource(1_000_000)
        .shutdownGrace(Duration.ofSeconds(1))
        .build();
  }

  private static ConnectionHandler trivialHandler() {
    byte[] answer = Frames.referral("backend.example.com:5520");
    return new ConnectionHandler() {
      @Override
      public CompletableFuture<Answer> onFirstFrame(ClientHello hello, int id, byte[] payload) {
        return CompletableFuture.completedFuture(new Answer(answer, "referral trivial"));
      }

      @Override
      public Answer onFailure(ClientHello hello, Throwable cause) {
        return new Answer(Frames.disconnect("failure"), "deny reason=failure");
      }
    };
  }

  private static String option(List<String> argv, String name, String fallback) {
    int i = argv.indexOf(name);
    return i >= 0 && i + 1 < argv.size() ? argv.get(i + 1) : fallback;
  }
}
