package io.signpost.chain;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a shadow plugin's call came to: whether its answer agreed with what the chain did, and how
 * it disagreed. Part of a shadow entry's {@link PluginStep}.
 *
 * @param result how the call ended, or {@link Result#PENDING} when the answer was built before it
 *     did
 * @param disagreements how the answer would have changed the decision; empty unless {@code result}
 *     is {@link Result#DISAGREE}
 */
public record ShadowVerdict(Result result, Set<Disagreement> disagreements) {

  /** How a shadow call ended. */
  public enum Result {
    /** The answer would have left the decision as it was. */
    AGREE,
    /** The answer would have changed the decision; see {@link Disagreement}. */
    DISAGREE,
    /** The call failed (trap, transport, invalid response...); nothing was applied. */
    FAILED,
    /** The call had no answer within the plugin's {@code timeout}. */
    TIMEOUT,
    /** Not called: too many calls of this shadow plugin were in flight. */
    SKIPPED,
    /** Still running when the answer was built; it is compared and counted when it ends. */
    PENDING;

    /** The lower-case name, as a metric tag and in the decision trace. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How a shadow answer would have changed the decision. */
  public enum Disagreement {
    /** It would have denied a connection the chain admitted. */
    DENY,
    /** It would have admitted a connection the chain denied. */
    ALLOW,
    /**
     * It would have set candidates, selected index or backend, and the result differs from the
     * client's.
     */
    BACKEND,
    /** It would have set referral content that differs from the client's. */
    REFERRAL;

    /** The lower-case name, as a metric tag and in the decision trace. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ShadowVerdict {
    requireNonNull(result, "result");
    disagreements = disagreements.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(disagreements));
    if ((result == Result.DISAGREE) == disagreements.isEmpty()) {
      throw new IllegalArgumentException(
          "disagreements: "
              + disagreements
              + " (expected: at least one exactly when result is disagree)");
    }
  }

  /** A verdict without disagreements. */
  public static ShadowVerdict of(Result result) {
    return new ShadowVerdict(result, Set.of());
  }
}
