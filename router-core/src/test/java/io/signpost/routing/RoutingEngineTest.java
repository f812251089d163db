package io.signpost.routing;

import static io.signpost.routing.Backends.anonymous;
import static io.signpost.routing.Backends.backend;
import static io.signpost.routing.Backends.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.Backend;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingEngineTest {

  private static Route route(Pool pool, String... patterns) {
    return new Route(
        java.util.Arrays.stream(patterns).map(HostnamePattern::compile).toList(), pool);
  }

  private static Pool pool(String... hosts) {
    return Pool.of(
        Strategy.ROUND_ROBIN, java.util.Arrays.stream(hosts).map(h -> backend(h)).toList());
  }

  private final RoutingEngine engine =
      new RoutingEngine(
          new RoutingConfig(
              pool("default-backend"),
              List.of(
                  route(pool("alpha"), "alpha.example.com"),
                  route(pool("wild"), "*.example.com"),
                  route(pool("never"), "beta.example.com"),
                  route(pool("multi"), "example.net", "*.example.org"))));

  private String hostFor(String sni) {
    return routed(engine.route(sni, anonymous())).backend().host();
  }

  @Test
  void firstMatchingRouteWins() {
    assertThat(hostFor("alpha.example.com")).isEqualTo("alpha");
    assertThat(hostFor("beta.example.com")).isEqualTo("wild");
    assertThat(routed(engine.route("beta.example.com", anonymous())).routeName())
        .isEqualTo("routes[1]");
  }

  @Test
  void anyPatternOfARouteMatches() {
    assertThat(hostFor("example.net")).isEqualTo("multi");
    assertThat(hostFor("www.example.org")).isEqualTo("multi");
    assertThat(routed(engine.route("example.net", anonymous())).routeName()).isEqualTo("routes[3]");
  }

  @Test
  void sniIsCaseInsensitiveAndTrailingDotIgnored() {
    assertThat(hostFor("ALPHA.Example.com.")).isEqualTo("alpha");
  }

  @Test
  void unmatchedSniUsesDefaultPool() {
    RoutingResult.Routed r = routed(engine.route("other.test", anonymous()));
    assertThat(r.backend().host()).isEqualTo("default-backend");
    assertThat(r.routeName()).isEqualTo("default");
    assertThat(r.strategy()).isEqualTo("round_robin");
    assertThat(hostFor("")).isEqualTo("default-backend");
  }

  @Test
  void withoutDefaultUnmatchedSniIsNoRoute() {
    RoutingEngine e =
        new RoutingEngine(new RoutingConfig(null, List.of(route(pool("a"), "a.test"))));
    RoutingResult r = e.route("b.test", anonymous());
    assertThat(r)
        .isInstanceOfSatisfying(
            RoutingResult.Failed.class,
            f -> {
              assertThat(f.outcome()).isEqualTo(RoutingOutcome.NO_ROUTE);
              assertThat(f.error()).contains("b.test");
            });
    assertThat(RoutingOutcome.NO_ROUTE.messageKey()).isEqualTo("no_route");
  }

  @Test
  void discoveryPoolIsDiscoveryErrorUntilItsProviderReports() {
    Pool p =
        new Pool(
            Selection.of(Strategy.ROUND_ROBIN),
            List.of(),
            List.of(backend("s")),
            new PoolDiscovery("agones", PoolDiscovery.Mode.UNION));
    RoutingResult r = Backends.engineWith(p).route("x", anonymous());
    assertThat(r)
        .isInstanceOfSatisfying(
            RoutingResult.Failed.class,
            f -> {
              assertThat(f.outcome()).isEqualTo(RoutingOutcome.DISCOVERY_ERROR);
              assertThat(f.error()).isEqualTo("discovery provider \"agones\" has not synced yet");
            });
  }

  @Test
  void emptyStaticPoolIsNoBackends() {
    RoutingResult r =
        Backends.engineWith(Pool.of(Strategy.RANDOM, List.of())).route("x", anonymous());
    assertThat(r)
        .isInstanceOfSatisfying(
            RoutingResult.Failed.class,
            f -> assertThat(f.outcome()).isEqualTo(RoutingOutcome.NO_BACKENDS));
  }

  @Test
  void unfilteredCandidatesAreThePoolsBackendsInOrder() {
    Pool p = pool("a", "b", "c");
    RoutingResult.Routed r = routed(Backends.engineWith(p).route("x", anonymous()));
    assertThat(r.candidates()).extracting(Backend::host).containsExactly("a", "b", "c");
    assertThat(r.candidates().get(r.selectedIndex())).isEqualTo(r.backend());
  }

  @Test
  void describeRendersTheTable() {
    assertThat(engine.describe())
        .contains(
            "routes[0] [alpha.example.com] -> round_robin",
            "    alpha:5520",
            "routes[3] [example.net, *.example.org] -> round_robin",
            "default -> round_robin");
    assertThat(new RoutingEngine(new RoutingConfig(null, List.of())).describe())
        .containsExactly("default: none (unmatched SNI gets no_route)");
  }

  @Test
  void aStrategyWithoutItsKeyIsARoutingErrorNotAnException() {
    Pool p = new Pool(Selection.of(Strategy.LEAST_LOADED), List.of(), List.of(backend("a")), null);
    RoutingResult r = Backends.engineWith(p).route("x", anonymous());
    assertThat(r)
        .isInstanceOfSatisfying(
            RoutingResult.Failed.class,
            f -> {
              assertThat(f.outcome()).isEqualTo(RoutingOutcome.ROUTING_ERROR);
              assertThat(f.error()).contains("default").contains("key must not be empty");
            });
  }
}
