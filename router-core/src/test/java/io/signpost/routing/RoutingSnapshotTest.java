package io.signpost.routing;

import static io.signpost.routing.Backends.anonymous;
import static io.signpost.routing.Backends.backend;
import static io.signpost.routing.Backends.routed;
import static io.signpost.routing.Backends.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.Backend;
import io.signpost.plugin.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoutingSnapshotTest {

  private static Pool discoveryPool(
      Strategy strategy, PoolDiscovery.Mode mode, List<Backend> statics) {
    return new Pool(Selection.of(strategy), List.of(), statics, new PoolDiscovery("k8s", mode));
  }

  private static RoutingEngine engine(Pool pool) {
    return Backends.engineWith(pool);
  }

  private static List<String> hosts(RoutingResult r) {
    return routed(r).candidates().stream().map(Backend::host).toList();
  }

  @Test
  void unionPutsDiscoveredFirstAndDeduplicatesByAddress() {
    RoutingEngine e =
        engine(
            discoveryPool(
                Strategy.ROUND_ROBIN,
                PoolDiscovery.Mode.UNION,
                List.of(backend("s1"), backend("d2"))));
    Backend d2 = backend("d2", "label.role", "discovered");
    e.updateProvider("k8s", new ProviderView.Listed(List.of(backend("d1"), d2, backend("d1"))));

    RoutingResult.Routed r = routed(e.route("x", anonymous()));

    assertThat(hosts(r)).containsExactly("d1", "d2", "s1");
    assertThat(r.candidates().get(1)).isSameAs(d2);
    assertThat(r.discovery().provider()).isEqualTo("k8s");
    assertThat(r.candidates()).filteredOn(r.discovery()::isDiscovered).hasSize(2);
    assertThat(r.discovery().isDiscovered(r.candidates().get(2))).isFalse();
  }

  @Test
  void preferUsesStaticBackendsOnlyWhenDiscoveryFoundNone() {
    RoutingEngine e =
        engine(
            discoveryPool(Strategy.ROUND_ROBIN, PoolDiscovery.Mode.PREFER, List.of(backend("s1"))));
    e.updateProvider("k8s", new ProviderView.Listed(List.of(backend("d1"))));
    assertThat(hosts(e.route("x", anonymous()))).containsExactly("d1");

    e.updateProvider("k8s", new ProviderView.Listed(List.of()));
    RoutingResult.Routed r = routed(e.route("x", anonymous()));
    assertThat(hosts(r)).containsExactly("s1");
    assertThat(r.discovery().size()).isZero();
  }

  @Test
  void weightedPoolsCountDiscoveredBackendsWithoutWeightAsOne() {
    RoutingEngine e = engine(discoveryPool(Strategy.WEIGHTED, PoolDiscovery.Mode.UNION, List.of()));
    e.updateProvider("k8s", new ProviderView.Listed(List.of(backend("d1"), weighted("d2", 5))));

    assertThat(routed(e.route("x", anonymous())).candidates())
        .extracting(Backend::weight)
        .containsExactly(1, 5);
  }

  @Test
  void nothingDiscoveredAndNoStaticBackendsIsDiscoveryError() {
    RoutingEngine e =
        engine(discoveryPool(Strategy.ROUND_ROBIN, PoolDiscovery.Mode.PREFER, List.of()));
    e.updateProvider("k8s", new ProviderView.Listed(List.of()));

    assertThat(e.route("x", anonymous()))
        .isEqualTo(
            new RoutingResult.Failed(
                RoutingOutcome.DISCOVERY_ERROR,
                "discovery provider \"k8s\" found no backends and default has no static"
                    + " backends"));
  }

  @Test
  void anUnavailableProviderAnswersItsReason() {
    RoutingEngine e =
        engine(
            discoveryPool(Strategy.ROUND_ROBIN, PoolDiscovery.Mode.UNION, List.of(backend("s1"))));
    e.updateProvider("k8s", new ProviderView.Unavailable("no provider of type kubernetes"));

    RoutingResult r = e.route("x", anonymous());

    assertThat(r)
        .isEqualTo(
            new RoutingResult.Failed(
                RoutingOutcome.DISCOVERY_ERROR, "no provider of type kubernetes"));
    assertThat(e.route("x", anonymous())).isSameAs(r);
  }

  @Test
  void roundRobinContinuesAcrossDiscoveryChanges() {
    RoutingEngine e =
        engine(discoveryPool(Strategy.ROUND_ROBIN, PoolDiscovery.Mode.UNION, List.of()));
    List<Backend> three = List.of(backend("a"), backend("b"), backend("c"));
    e.updateProvider("k8s", new ProviderView.Listed(three));
    List<String> picked = new ArrayList<>();
    picked.add(routed(e.route("x", anonymous())).backend().host());
    e.updateProvider("k8s", new ProviderView.Listed(three));
    picked.add(routed(e.route("x", anonymous())).backend().host());
    picked.add(routed(e.route("x", anonymous())).backend().host());

    assertThat(picked).containsExactly("a", "b", "c");
  }

  @Test
  void anUpdateOnlyRebuildsThePoolsOfItsProvider() {
    Pool staticPool = Pool.of(Strategy.RANDOM, List.of(backend("s")));
    Pool other =
        new Pool(
            Selection.of(Strategy.RANDOM),
            List.of(),
            List.of(),
            new PoolDiscovery("agones", PoolDiscovery.Mode.UNION));
    RoutingEngine e =
        new RoutingEngine(
            new RoutingConfig(
                staticPool,
                List.of(
                    new Route(List.of(HostnamePattern.compile("a")), other),
                    new Route(
                        List.of(HostnamePattern.compile("k")),
                        discoveryPool(Strategy.RANDOM, PoolDiscovery.Mode.UNION, List.of())))));
    RoutingSnapshot before = e.snapshot();

    RoutingSnapshot after = e.updateProvider("k8s", new ProviderView.Listed(List.of(backend("d"))));

    assertThat(after).isNotSameAs(before).isSameAs(e.snapshot());
    assertThat(after.providers()).containsOnlyKeys("k8s");
    assertThat(hosts(e.route("k", anonymous()))).containsExactly("d");
    assertThat(e.route("a", anonymous())).isInstanceOf(RoutingResult.Failed.class);
    assertThat(after.discoveryPools())
        .extracting(
            RoutingSnapshot.DiscoveryPool::routeName, RoutingSnapshot.DiscoveryPool::discovered)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("routes[0]", 0),
            org.assertj.core.groups.Tuple.tuple("routes[1]", 1));
  }

  @Test
  void anAllocatingProviderIsAskedPerConnectionAndItsBackendsMergeWithStaticOnes()
      throws Exception {
    RoutingEngine e =
        engine(
            discoveryPool(
                Strategy.ROUND_ROBIN, PoolDiscovery.Mode.PREFER, List.of(backend("static"))));
    List<Deadline> asked = new ArrayList<>();
    e.updateProvider(
        "k8s",
        new ProviderView.Allocating(
            deadline -> {
              asked.add(deadline);
              return CompletableFuture.completedFuture(List.of(backend("allocated")));
            }));

    RoutingResult r = e.route("x", anonymous());

    assertThat(r).isInstanceOf(RoutingResult.Pending.class);
    assertThat(asked).isEmpty();
    Deadline deadline = Deadline.after(Duration.ofSeconds(30));
    RoutingResult.Routed done =
        routed(((RoutingResult.Pending) r).start(deadline).get(30, TimeUnit.SECONDS));
    assertThat(asked).containsExactly(deadline);
    assertThat(done.backend().host()).isEqualTo("allocated");
    assertThat(done.discovery().isDiscovered(done.backend())).isTrue();
  }

  @Test
  void aFailedAllocationIsDiscoveryErrorWithTheReason() throws Exception {
    RoutingEngine e =
        engine(discoveryPool(Strategy.ROUND_ROBIN, PoolDiscovery.Mode.UNION, List.of()));
    e.updateProvider(
        "k8s",
        new ProviderView.Allocating(
            deadline ->
                CompletableFuture.failedFuture(
                    new IllegalStateException("no GameServer is Ready (UnAllocated)"))));

    RoutingResult.Pending pending = (RoutingResult.Pending) e.route("x", anonymous());

    assertThat(pending.start(Deadline.after(Duration.ofSeconds(30))).get(30, TimeUnit.SECONDS))
        .isEqualTo(
            new RoutingResult.Failed(
                RoutingOutcome.DISCOVERY_ERROR,
                "discovery provider \"k8s\": no GameServer is Ready (UnAllocated)"));
  }

  @Test
  void aReloadedConfigurationCarriesTheProvidersOver() {
    RoutingEngine e =
        engine(discoveryPool(Strategy.ROUND_ROBIN, PoolDiscovery.Mode.UNION, List.of()));
    e.updateProvider("k8s", new ProviderView.Listed(List.of(backend("d"))));
    RoutingConfig reloaded =
        new RoutingConfig(
            discoveryPool(Strategy.RANDOM, PoolDiscovery.Mode.UNION, List.of(backend("new"))),
            List.of());

    e.swap(RoutingSnapshot.of(reloaded).withProviders(e.snapshot().providers()));

    assertThat(hosts(e.route("x", anonymous()))).containsExactly("d", "new");
    assertThat(e.snapshot().providers())
        .isEqualTo(Map.of("k8s", e.snapshot().providers().get("k8s")));
  }
}
