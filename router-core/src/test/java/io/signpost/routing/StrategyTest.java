package io.signpost.routing;

import static io.signpost.routing.Backends.anonymous;
import static io.signpost.routing.Backends.backend;
import static io.signpost.routing.Backends.routed;
import static io.signpost.routing.Backends.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.signpost.plugin.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StrategyTest {

  private static final int N = 20_000;

  private static Map<String, Integer> histogram(RoutingEngine engine, int n) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(routed(engine.route("x", anonymous())).backend().host(), 1, Integer::sum);
    }
    return counts;
  }

  private static Selection keyed(Strategy s, String key, int sample) {
    return new Selection(s, BackendKey.of(key), sample, List.of(), 0, List.of());
  }

  @Test
  void roundRobinCyclesInOrder() {
    RoutingEngine e =
        Backends.engineWith(
            Pool.of(Strategy.ROUND_ROBIN, List.of(backend("a"), backend("b"), backend("c"))));
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      hosts.add(routed(e.route("x", anonymous())).backend().host());
    }
    assertThat(hosts).containsExactly("a", "b", "c", "a", "b", "c", "a");
  }

  @Test
  void roundRobinIsExactUnderConcurrency() throws Exception {
    RoutingEngine e =
        Backends.engineWith(
            Pool.of(
                Strategy.ROUND_ROBIN,
                List.of(backend("a"), backend("b"), backend("c"), backend("d"))));
    int threads = 4;
    int perThread = 25_000;
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    counts
                        .computeIfAbsent(
                            routed(e.route("x", anonymous())).backend().host(),
                            k -> new AtomicInteger())
                        .incrementAndGet();
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // Every counter value is handed out exactly once, so the split is exact.
    assertThat(counts).hasSize(4);
    counts.values().forEach(c -> assertThat(c.get()).isEqualTo(threads * perThread / 4));
  }

  @Test
  void randomIsRoughlyUniform() {
    Map<String, Integer> h =
        histogram(
            Backends.engineWith(
                Pool.of(
                    Strategy.RANDOM,
                    List.of(backend("a"), backend("b"), backend("c"), backend("d")))),
            N);
    assertThat(h).hasSize(4);
    h.values().forEach(c -> assertThat(c / (double) N).isCloseTo(0.25, within(0.03)));
  }

  @Test
  void weightedFollowsWeights() {
    Map<String, Integer> h =
        histogram(
            Backends.engineWith(
                Pool.of(
                    Strategy.WEIGHTED,
                    List.of(weighted("a", 1), weighted("b", 3), weighted("c", 6)))),
            N);
    assertThat(h.get("a") / (double) N).isCloseTo(0.1, within(0.02));
    assertThat(h.get("b") / (double) N).isCloseTo(0.3, within(0.03));
    assertThat(h.get("c") / (double) N).isCloseTo(0.6, within(0.03));
  }

  @Test
  void weightedCountsMissingWeightAsOne() {
    Map<String, Integer> h =
        histogram(
            Backends.engineWith(
                Pool.of(Strategy.WEIGHTED, List.of(weighted("a", 0), weighted("b", 1)))),
            N);
    assertThat(h.get("a") / (double) N).isCloseTo(0.5, within(0.03));
  }

  @Test
  void leastLoadedPicksLowestAndFirstOnTies() {
    List<Backend> bs =
        List.of(
            backend("a", "counter.players.count", "30"),
            backend("b", "counter.players.count", "7"),
            backend("c", "counter.players.count", "7"),
            backend("d"),
            backend("e", "counter.players.count", "garbage"));
    RoutingEngine e =
        Backends.engineWith(
            new Pool(
                keyed(Strategy.LEAST_LOADED, "counter:players.count", 0), List.of(), bs, null));
    for (int i = 0; i < 10; i++) {
      assertThat(routed(e.route("x", anonymous())).backend().host()).isEqualTo("b");
    }
  }

  @Test
  void leastLoadedWithoutAnyValuePicksFirst() {
    RoutingEngine e =
        Backends.engineWith(
            new Pool(
                keyed(Strategy.LEAST_LOADED, "load", 0),
                List.of(),
                List.of(backend("a"), backend("b")),
                null));
    assertThat(routed(e.route("x", anonymous())).selectedIndex()).isEqualTo(0);
  }

  @Test
  void p2cNeverPicksTheMostLoadedOfTwoDrawn() {
    List<Backend> bs = List.of(backend("low", "load", "1"), backend("high", "load", "100"));
    RoutingEngine e =
        Backends.engineWith(new Pool(keyed(Strategy.P2C, "load", 0), List.of(), bs, null));
    assertThat(histogram(e, 1000)).containsOnlyKeys("low");
  }

  @Test
  void p2cPrefersLowerLoadAcrossALargePool() {
    List<Backend> bs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      bs.add(backend("b" + i, "load", Integer.toString(i)));
    }
    RoutingEngine e =
        Backends.engineWith(new Pool(keyed(Strategy.P2C, "load", 2), List.of(), bs, null));
    Map<String, Integer> h = histogram(e, N);
    // With two distinct draws, b9 (the highest) can never win, b0 wins 2/10 of the time.
    assertThat(h).doesNotContainKey("b9");
    assertThat(h.get("b0") / (double) N).isCloseTo(0.2, within(0.03));
    assertThat(h.get("b0")).isGreaterThan(h.get("b4")).isGreaterThan(h.getOrDefault("b8", 0));
  }

  @Test
  void p2cSampleAtLeastPoolSizeIsLeastLoaded() {
    List<Backend> bs =
        List.of(backend("a", "load", "5"), backend("b", "load", "2"), backend("c", "load", "9"));
    RoutingEngine e =
        Backends.engineWith(new Pool(keyed(Strategy.P2C, "load", 10), List.of(), bs, null));
    assertThat(histogram(e, 200)).containsOnlyKeys("b");
  }

  @Test
  void p2cLargeSampleDrawsDistinctCandidates() {
    List<Backend> bs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      bs.add(backend("b" + i, "load", Integer.toString(i)));
    }
    RoutingEngine e =
        Backends.engineWith(new Pool(keyed(Strategy.P2C, "load", 39), List.of(), bs, null));
    // 39 distinct of 40: the best is b0 unless b0 is the one left out (1/40).
    Map<String, Integer> h = histogram(e, 4000);
    assertThat(h).containsOnlyKeys("b0", "b1");
    assertThat(h.get("b1") / 4000.0).isCloseTo(1 / 40.0, within(0.015));
  }

  @Test
  void p2cDrawsAreDistinctForSmallSamples() {
    // Three of four drawn without repetition: the highest-loaded can never win, the lowest wins
    // unless it is the one left out (1/4).
    List<Backend> bs =
        List.of(
            backend("a", "load", "1"),
            backend("b", "load", "2"),
            backend("c", "load", "3"),
            backend("d", "load", "4"));
    RoutingEngine e =
        Backends.engineWith(new Pool(keyed(Strategy.P2C, "load", 3), List.of(), bs, null));
    Map<String, Integer> h = histogram(e, N);
    assertThat(h).containsOnlyKeys("a", "b");
    assertThat(h.get("b") / (double) N).isCloseTo(0.25, within(0.03));
  }

  @Test
  void concurrentCallsOfEveryStrategyAlwaysReturnACandidate() throws Exception {
    List<Backend> bs =
        List.of(
            weighted("a", 1, "load", "3"),
            weighted("b", 2, "load", "1"),
            weighted("c", 3, "load", "2"));
    List<RoutingEngine> engines = new ArrayList<>();
    for (Strategy s : Strategy.values()) {
      engines.add(Backends.engineWith(new Pool(keyed(s, "load", 2), List.of(), bs, null)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    for (RoutingEngine e : engines) {
                      RoutingResult.Routed r = routed(e.route("x", anonymous()));
                      assertThat(bs).contains(r.backend());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void strategyNamesParseLikeHyrouter() {
    assertThat(Strategy.parse(" Round-Robin ")).contains(Strategy.ROUND_ROBIN);
    assertThat(Strategy.parse("P2C")).contains(Strategy.P2C);
    assertThat(Strategy.parse("fastest")).isEmpty();
  }
}
