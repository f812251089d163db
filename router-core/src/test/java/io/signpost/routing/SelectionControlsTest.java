package io.signpost.routing;

import static io.signpost.routing.Backends.anonymous;
import static io.signpost.routing.Backends.backend;
import static io.signpost.routing.Backends.player;
import static io.signpost.routing.Backends.routed;
import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Filters, sort, limit and fallback: the pool controls applied before the strategy. */
class SelectionControlsTest {

  private static final long NOW = 1_700_000_000_000L;

  private static final Filter NOT_FULL =
      new CompareFilter(
          CompareFilter.Operand.of("counter:players.count"),
          CompareFilter.Op.LT,
          CompareFilter.Operand.of("counter:players.capacity"));
  private static final Filter WHITELIST =
      new WhitelistFilter(
          WhitelistFilter.Subject.UUID,
          "annotation.agones.dev/sdk-whitelist-enabled",
          "list.whitelistedPlayers.values");

  private static Selection select(Strategy s, List<SortKey> sort, int limit, Filter... filters) {
    return new Selection(s, null, 0, sort, limit, List.of(filters));
  }

  private static RoutingResult route(Pool pool, ConnectEvent event) {
    return new RoutingEngine(new RoutingConfig(pool, List.of()), () -> NOW).route("x", event);
  }

  private static List<String> candidates(Pool pool, ConnectEvent event) {
    return routed(route(pool, event)).candidates().stream().map(Backend::host).toList();
  }

  // ---- compare ----

  @Test
  void compareKeepsBackendsBelowCapacity() {
    List<Backend> bs =
        List.of(
            backend("full", "counter.players.count", "10", "counter.players.capacity", "10"),
            backend("free", "counter.players.count", "3", "counter.players.capacity", "10"),
            backend("unknown", "counter.players.capacity", "10"),
            backend("garbled", "counter.players.count", "x", "counter.players.capacity", "10"));
    Pool p = new Pool(select(Strategy.ROUND_ROBIN, List.of(), 0, NOT_FULL), List.of(), bs, null);
    assertThat(candidates(p, anonymous())).containsExactly("free");
  }

  @ParameterizedTest(name = "{0} {1} {2} = {3}")
  @CsvSource({
    "5, lt, 6, true",
    "6, lt, 6, false",
    "6, lte, 6, true",
    "7, gt, 6, true",
    "6, gt, 6, false",
    "6, gte, 6, true",
    "6, eq, 6.0, true",
    "6, neq, 6, false",
    "1e3, eq, 1000, true",
    "6, NEQ, 7, true"
  })
  void compareOperators(String value, String op, String literal, boolean kept) {
    Filter f =
        new CompareFilter(
            CompareFilter.Operand.of("load"),
            CompareFilter.Op.parse(op).orElseThrow(),
            CompareFilter.Operand.of(literal));
    assertThat(f.accepts(backend("a", "load", value), anonymous(), NOW)).isEqualTo(kept);
  }

  @Test
  void compareReadsPortAndWeightAndPrefixedKeys() {
    Backend b = new Backend("h", 5520, 3, java.util.Map.of("label.tier", "2"));
    assertThat(
            new CompareFilter(
                    CompareFilter.Operand.of("port"),
                    CompareFilter.Op.EQ,
                    CompareFilter.Operand.of("5520"))
                .accepts(b, anonymous(), NOW))
        .isTrue();
    assertThat(
            new CompareFilter(
                    CompareFilter.Operand.of("weight"),
                    CompareFilter.Op.GT,
                    CompareFilter.Operand.of("label:tier"))
                .accepts(b, anonymous(), NOW))
        .isTrue();
  }

  // ---- whitelist ----

  @Test
  void whitelistAdmitsListedPlayersOnlyWhereEnabled() {
    List<Backend> bs =
        List.of(
            backend(
                "json",
                "annotation.agones.dev/sdk-whitelist-enabled",
                "true",
                "list.whitelistedPlayers.values",
                "[\"u1\",\"u2\"]"),
            backend(
                "comma",
                "annotation.agones.dev/sdk-whitelist-enabled",
                "YES",
                "list.whitelistedPlayers.values",
                "u3, u1 ,u4"),
            backend("open", "annotation.agones.dev/sdk-whitelist-enabled", "false"),
            backend("no-list", "annotation.agones.dev/sdk-whitelist-enabled", "1"),
            backend(
                "garbled",
                "annotation.agones.dev/sdk-whitelist-enabled",
                "true",
                "list.whitelistedPlayers.values",
                "[\"u1\""),
            backend(
                "numbers",
                "annotation.agones.dev/sdk-whitelist-enabled",
                "true",
                "list.whitelistedPlayers.values",
                "[\"u1\", 7]"),
            backend(
                "nulls",
                "annotation.agones.dev/sdk-whitelist-enabled",
                "true",
                "list.whitelistedPlayers.values",
                "[null, \"u1\"]"));
    Pool p = new Pool(select(Strategy.ROUND_ROBIN, List.of(), 0, WHITELIST), List.of(), bs, null);
    assertThat(candidates(p, player("u1", "alice")))
        .containsExactly("json", "comma", "open", "nulls");
    assertThat(candidates(p, player("u9", "alice"))).containsExactly("open");
    assertThat(candidates(p, anonymous())).containsExactly("open");
  }

  @Test
  void whitelistCanMatchUsernames() {
    Filter f = new WhitelistFilter(WhitelistFilter.Subject.USERNAME, "wl", "names");
    Backend b = backend("a", "wl", "true", "names", "[\"alice\",\"bob\"]");
    assertThat(f.accepts(b, player("u1", "alice"), NOW)).isTrue();
    assertThat(f.accepts(b, player("u1", "carol"), NOW)).isFalse();
    assertThat(f.accepts(b, player("u1", "Alice"), NOW)).isFalse();
  }

  // ---- game_start_not_past ----

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'', true",
    "-1, true",
    "1700000001, true",
    "1699999999, false",
    "1700000000001, true",
    "1700000000000, false",
    "0, false",
    "-5, false",
    "soon, false"
  })
  void gameStartNotPast(String value, boolean kept) {
    Filter f = new GameStartNotPastFilter("annotation.agones.dev/sdk-game-start");
    assertThat(
            f.accepts(
                backend("a", "annotation.agones.dev/sdk-game-start", value), anonymous(), NOW))
        .isEqualTo(kept);
    assertThat(f.accepts(backend("a"), anonymous(), NOW)).isTrue();
  }

  // ---- sort and limit ----

  @Test
  void numberSortPutsMissingLastInBothOrders() {
    List<Backend> bs =
        List.of(
            backend("none"),
            backend("ten", "load", "10"),
            backend("two", "load", "2"),
            backend("bad", "load", "n/a"),
            backend("five", "load", "5"));
    SortKey asc = new SortKey(BackendKey.of("load"), SortKey.Type.NUMBER, SortKey.Order.ASC);
    SortKey desc = new SortKey(BackendKey.of("load"), SortKey.Type.NUMBER, SortKey.Order.DESC);
    assertThat(
            candidates(
                new Pool(select(Strategy.ROUND_ROBIN, List.of(asc), 0), List.of(), bs, null),
                anonymous()))
        .containsExactly("two", "five", "ten", "none", "bad");
    assertThat(
            candidates(
                new Pool(select(Strategy.ROUND_ROBIN, List.of(desc), 0), List.of(), bs, null),
                anonymous()))
        .containsExactly("ten", "five", "two", "none", "bad");
  }

  @Test
  void stringSortIsLexicalAndLaterKeysBreakTies() {
    List<Backend> bs =
        List.of(
            backend("eu-b", "label.region", "eu", "load", "9"),
            backend("us-a", "label.region", "us", "load", "1"),
            backend("eu-a", "label.region", "eu", "load", "10"));
    List<SortKey> sort =
        List.of(
            new SortKey(BackendKey.of("label:region"), SortKey.Type.STRING, SortKey.Order.ASC),
            new SortKey(BackendKey.of("load"), SortKey.Type.STRING, SortKey.Order.DESC));
    // "9" > "10" as strings, so eu-b comes first under desc.
    assertThat(
            candidates(
                new Pool(select(Strategy.ROUND_ROBIN, sort, 0), List.of(), bs, null), anonymous()))
        .containsExactly("eu-b", "eu-a", "us-a");
  }

  @Test
  void limitKeepsTheFirstAfterSorting() {
    List<Backend> bs =
        List.of(
            backend("c", "load", "3"),
            backend("a", "load", "1"),
            backend("d", "load", "4"),
            backend("b", "load", "2"));
    SortKey byLoad = new SortKey(BackendKey.of("load"), SortKey.Type.NUMBER, SortKey.Order.ASC);
    Pool p = new Pool(select(Strategy.ROUND_ROBIN, List.of(byLoad), 2), List.of(), bs, null);
    assertThat(candidates(p, anonymous())).containsExactly("a", "b");
    Pool unsorted = new Pool(select(Strategy.RANDOM, List.of(), 3), List.of(), bs, null);
    assertThat(candidates(unsorted, anonymous())).containsExactly("c", "a", "d");
  }

  // ---- fallback ----

  @Test
  void fallbackRunsWhenFiltersLeaveNothing() {
    List<Backend> bs =
        List.of(backend("a", "counter.players.count", "10", "counter.players.capacity", "1"));
    Pool p =
        new Pool(
            select(Strategy.ROUND_ROBIN, List.of(), 0, NOT_FULL),
            List.of(new Fallback(null, null, null, null, null, List.of())),
            bs,
            null);
    RoutingResult.Routed r = routed(route(p, anonymous()));
    assertThat(r.backend().host()).isEqualTo("a");
    assertThat(r.strategy()).isEqualTo("round_robin");
  }

  @Test
  void fallbacksAreTriedInOrderAndInheritUnsetFields() {
    List<Backend> bs =
        List.of(
            backend("x", "tier", "gold", "load", "5"), backend("y", "tier", "silver", "load", "1"));
    Filter bronze =
        new CompareFilter(
            CompareFilter.Operand.of("load"), CompareFilter.Op.GT, CompareFilter.Operand.of("100"));
    Fallback stillNothing = new Fallback(Strategy.RANDOM, null, null, null, null, List.of(bronze));
    Fallback leastLoaded =
        new Fallback(Strategy.LEAST_LOADED, BackendKey.of("load"), null, null, null, List.of());
    Pool p =
        new Pool(
            select(Strategy.ROUND_ROBIN, List.of(), 0, bronze),
            List.of(stillNothing, leastLoaded),
            bs,
            null);
    RoutingResult.Routed r = routed(route(p, anonymous()));
    // y has the lower load: least_loaded (the second fallback) chose it.
    assertThat(r.backend().host()).isEqualTo("y");
    assertThat(r.strategy()).isEqualTo("round_robin");
    Fallback inherits = new Fallback(null, null, null, null, null, null);
    assertThat(inherits.applyTo(p.selection())).isEqualTo(p.selection());
  }

  @Test
  void noBackendsWhenFiltersAndFallbacksLeaveNothing() {
    Pool p =
        new Pool(
            select(Strategy.ROUND_ROBIN, List.of(), 0, NOT_FULL),
            List.of(new Fallback(Strategy.RANDOM, null, null, null, null, null)),
            List.of(backend("a")),
            null);
    assertThat(route(p, anonymous()))
        .isInstanceOfSatisfying(
            RoutingResult.Failed.class,
            f -> {
              assertThat(f.outcome()).isEqualTo(RoutingOutcome.NO_BACKENDS);
              assertThat(f.error()).contains("every fallback");
            });
  }
}
