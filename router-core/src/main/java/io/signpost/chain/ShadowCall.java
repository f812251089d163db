package io.signpost.chain;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One call of a shadow plugin for one connection. The chain starts it at the entry's position and
 * goes on without waiting; the call's answer is applied to a copy of the routing state it saw,
 * never to the connection's, and compared with what the chain did once both are known: when the
 * chain finishes ({@link #chainFinished}, on the connection's thread) and when the call ends
 * ({@link #ended}, on whichever thread ends it). Whichever comes second compares and counts, so
 * each call is counted once in its plugin's {@link ShadowTally}.
 *
 * <p>The comparison, against the chain's final result: an answer that denies where the chain
 * admitted disagrees by {@code deny}, one that does not deny where the chain denied by {@code
 * allow}; otherwise, an answer that sets candidates, selected index or backend disagrees by {@code
 * backend} when the routing state it would leave differs from the final one, and one that sets
 * referral content by {@code referral} when that differs from the final content. An answer that
 * sets nothing agrees unless the chain denied.
 */
final class ShadowCall {

  /** What the call came to, as far as it can be told without the chain's result. */
  private record Ended(
      Duration took,
      List<String> changes,
      List<String> ignored,
      @Nullable RoutingState wouldBe,
      @Nullable PluginException failure) {}

  private final PluginChain.Link link;
  private final ConnectRequest request;
  private final int position;
  private final long started;
  private final @Nullable ShadowTally tally;
  private final @Nullable CallHealthTracker health;
  private final @Nullable FailureLog failures;
  private final int maxReferralContent;

  // Guarded by this; each set once.
  private @Nullable Ended ended;
  private @Nullable ChainResult chain;

  private ShadowCall(
      PluginChain.Link link,
      ConnectRequest request,
      int position,
      @Nullable ShadowTally tally,
      @Nullable CallHealthTracker health,
      @Nullable FailureLog failures,
      int maxReferralContent) {
    this.link = link;
    this.request = request;
    this.position = position;
    this.started = System.nanoTime();
    this.tally = tally;
    this.health = health;
    this.failures = failures;
    this.maxReferralContent = maxReferralContent;
  }

  /**
   * A call that has been started ({@link ShadowTally#tryStart} succeeded).
   *
   * @param position the index in the chain's steps where this step belongs
   */
  static ShadowCall started(
      PluginChain.Link link,
      ConnectRequest request,
      int position,
      ShadowTally tally,
      CallHealthTracker health,
      FailureLog failures,
      int maxReferralContent) {
    return new ShadowCall(link, request, position, tally, health, failures, maxReferralContent);
  }

  /** A call that was not made because too many were in flight (already counted). */
  static ShadowCall skipped(PluginChain.Link link, ConnectRequest request, int position) {
    return new ShadowCall(link, request, position, null, null, null, 0);
  }

  int position() {
    return position;
  }

  /** The call ended: its answer or failure ({@link PluginException} or as the future gave it). */
  void ended(@Nullable ConnectResponse response, @Nullable Throwable error) {
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    tally.ended();
    Ended outcome;
    if (error != null) {
      PluginException failure = BoundedCall.asPluginException(link.config().name(), error);
      health.recordFailure(failure);
      failures.failed(failure, null);
      outcome = new Ended(took, List.of(), List.of(), null, failure);
    } else {
      health.recordSuccess();
      outcome = evaluate(response == null ? ConnectResponse.EMPTY : response, took);
    }
    ChainResult result;
    synchronized (this) {
      ended = outcome;
      result = chain;
    }
    if (result != null) {
      tally.record(verdict(outcome, result));
    }
  }

  /**
   * The chain finished with {@code result} (its own steps, without the shadows'): the step for the
   * trace, compared and counted when the call has ended, else {@code pending}.
   */
  PluginStep chainFinished(ChainResult result) {
    if (tally == null) {
      return step(
          Duration.ZERO, List.of(), List.of(), null, verdictOf(ShadowVerdict.Result.SKIPPED));
    }
    Ended outcome;
    synchronized (this) {
      chain = result;
      outcome = ended;
    }
    if (outcome == null) {
      return step(
          Duration.ofNanos(System.nanoTime() - started),
          List.of(),
          List.of(),
          null,
          verdictOf(ShadowVerdict.Result.PENDING));
    }
    ShadowVerdict verdict = verdict(outcome, result);
    tally.record(verdict);
    return step(outcome.took(), outcome.changes(), outcome.ignored(), outcome.failure(), verdict);
  }

  /** Applies the answer to a copy of the state the plugin saw, by the chain's own rules. */
  private Ended evaluate(ConnectResponse response, Duration took) {
    List<String> changes = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    RoutingState wouldBe =
        new RoutingState(
            request.candidates(),
            request.selectedIndex(),
            request.backend(),
            request.referralContent(),
            maxReferralContent);
    if (response.deny()) {
      changes.add(PluginStep.DENY);
      AnswerLimits.denyReason(response.denyReason(), ignored);
    } else {
      wouldBe.apply(response, changes, ignored);
    }
    return new Ended(took, changes, ignored, wouldBe, null);
  }

  private static ShadowVerdict verdict(Ended outcome, ChainResult result) {
    PluginException failure = outcome.failure();
    if (failure != null) {
      return verdictOf(
          failure.kind() == PluginException.Kind.TIMEOUT
              ? ShadowVerdict.Result.TIMEOUT
              : ShadowVerdict.Result.FAILED);
    }
    Set<ShadowVerdict.Disagreement> kinds = EnumSet.noneOf(ShadowVerdict.Disagreement.class);
    boolean denies = PluginStep.has(outcome.changes(), PluginStep.DENY);
    RoutingState wouldBe = outcome.wouldBe();
    if (denies != result.denied()) {
      kinds.add(denies ? ShadowVerdict.Disagreement.DENY : ShadowVerdict.Disagreement.ALLOW);
    } else if (!denies) {
      if (PluginStep.repicked(outcome.changes()) && !sameRouting(wouldBe, result)) {
        kinds.add(ShadowVerdict.Disagreement.BACKEND);
      }
      if (PluginStep.has(outcome.changes(), PluginStep.REFERRAL_CONTENT)
          && !Arrays.equals(wouldBe.referralContent, result.referralContent())) {
        kinds.add(ShadowVerdict.Disagreement.REFERRAL);
      }
    }
    return kinds.isEmpty()
        ? verdictOf(ShadowVerdict.Result.AGREE)
        : new ShadowVerdict(ShadowVerdict.Result.DISAGREE, kinds);
  }

  private static boolean sameRouting(RoutingState wouldBe, ChainResult result) {
    return wouldBe.selectedIndex == result.selectedIndex()
        && wouldBe.backend.equals(result.backend())
        && wouldBe.candidates.equals(result.candidates());
  }

  private static ShadowVerdict verdictOf(ShadowVerdict.Result result) {
    return ShadowVerdict.of(result);
  }

  private PluginStep step(
      Duration took,
      List<String> changes,
      List<String> ignored,
      @Nullable PluginException failure,
      ShadowVerdict verdict) {
    return new PluginStep(
        link.config().name(),
        link.config().stage(),
        took,
        changes,
        ignored,
        failure == null ? null : failure.kind(),
        failure == null ? null : failure.getMessage(),
        null,
        verdict);
  }
}
