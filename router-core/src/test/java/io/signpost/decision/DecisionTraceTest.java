package io.signpost.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.chain.ChainResult;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTraceTest {

  private static final ConnectEvent EVENT =
      new ConnectEvent(
          "play.example.com",
          "ab:cd",
          "hash",
          0,
          "123e4567-e89b-12d3-a456-426614174000",
          "alice",
          "en",
          true,
          "hytale/2");
  private static final Backend A = Backend.of("10.0.0.1", 5520);
  private static final Backend B = Backend.of("10.0.0.2", 5520);

  @Test
  void admittedChainBecomesReferralToTheFinalBackend() {
    ChainResult result =
        new ChainResult(
            false,
            null,
            null,
            List.of(A, B),
            1,
            B,
            new byte[0],
            List.of(Traces.ok("geo", "selected_index=1")));

    DecisionTrace trace =
        DecisionTrace.builder(TracePrivacy.DEFAULT)
            .time(Instant.parse("2026-01-01T12:00:00Z"))
            .event(EVENT)
            .client(new InetSocketAddress("192.0.2.7", 40000))
            .route("routes[0]", "round_robin")
            .routing(List.of(A, B), A)
            .chain(result)
            .duration(Duration.ofMillis(4))
            .build();

    assertThat(trace.outcome()).isEqualTo(Outcome.REFERRAL);
    assertThat(trace.backend()).isEqualTo("10.0.0.2:5520");
    assertThat(trace.candidates()).containsExactly("10.0.0.1:5520", "10.0.0.2:5520");
    assertThat(trace.reason()).isNull();
    assertThat(trace.steps()).extracting(s -> s.plugin()).containsExactly("geo");
    assertThat(trace.sni()).isEqualTo("play.example.com");
    assertThat(trace.alpn()).isEqualTo("hytale/2");
    assertThat(trace.route()).isEqualTo("routes[0]");
    assertThat(trace.strategy()).isEqualTo("round_robin");
    assertThat(trace.username()).isEqualTo("al***");
    assertThat(trace.uuid()).isNull();
    assertThat(trace.clientAddress()).isNull();
    assertThat(trace.duration()).isEqualTo(Duration.ofMillis(4));
  }

  @Test
  void deniedChainKeepsThePluginReasonAndNoBackend() {
    ChainResult result =
        new ChainResult(
            true,
            "banned",
            "auth",
            List.of(A),
            0,
            A,
            new byte[0],
            List.of(Traces.ok("auth", "deny")));

    DecisionTrace trace = DecisionTrace.builder(TracePrivacy.DEFAULT).chain(result).build();

    assertThat(trace.outcome()).isEqualTo(Outcome.DENY);
    assertThat(trace.reason()).isEqualTo("banned");
    assertThat(trace.backend()).isNull();
  }

  @Test
  void failClosedDenyWithoutReasonNamesThePlugin() {
    ChainResult result =
        new ChainResult(
            true,
            null,
            "auth",
            List.of(A),
            0,
            A,
            new byte[0],
            List.of(Traces.failed("auth", PluginException.Kind.TIMEOUT, OnError.DENY)));

    DecisionTrace trace = DecisionTrace.builder(TracePrivacy.DEFAULT).chain(result).build();

    assertThat(trace.reason()).isEqualTo("denied by plugin auth");
  }

  @Test
  void onlyReferralsKeepABackend() {
    DecisionTrace trace =
        DecisionTrace.builder(TracePrivacy.DEFAULT)
            .routing(List.of(), A)
            .outcome(Outcome.NO_BACKENDS, "pool lobby has no backends")
            .build();

    assertThat(trace.backend()).isNull();
    assertThat(trace.reason()).isEqualTo("pool lobby has no backends");
    assertThat(trace.outcome().tag()).isEqualTo("no_backends");
  }

  @Test
  void disabledRedactionKeepsIdentitiesAndLoggedClientAddress() {
    DecisionTrace trace =
        DecisionTrace.builder(new TracePrivacy(true, false))
            .event(EVENT)
            .client(new InetSocketAddress("192.0.2.7", 40000))
            .build();

    assertThat(trace.username()).isEqualTo("alice");
    assertThat(trace.uuid()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(trace.clientAddress()).isEqualTo("192.0.2.7:40000");
  }

  @Test
  void outcomeTagsAreLowerCase() {
    assertThat(List.of(Outcome.values()))
        .extracting(Outcome::tag)
        .containsExactly(
            "referral",
            "deny",
            "no_route",
            "no_backends",
            "routing_error",
            "discovery_error",
            "error");
  }
}
