package io.signpost.chain;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.Stage;
import java.time.Duration;
import java.util.List;

/**
 * What one plugin did to one connection: part of the connection's decision trace.
 *
 * @param plugin the plugin's name
 * @param stage the stage it ran in
 * @param duration wall time from call to answer (or to the deadline)
 * @param changes effects that were applied, e.g. {@code deny}, {@code candidates=3}, {@code
 *     selected_index=1}, {@code backend=b:5520}, {@code referral_content=12 bytes}
 * @param ignored parts of the answer that were not applied, or were cut to a limit of {@link
 *     AnswerLimits} (e.g. {@code deny_reason: cut from 1048576 to 256 characters}), each with the
 *     reason
 * @param failure the kind of failure when the call failed; null on success
 * @param error the failure's message; null on success
 * @param policy the failure policy applied; null on success, and always for a shadow entry
 * @param shadow for a shadow entry, what its call came to; its {@code changes} and {@code ignored}
 *     are then what its answer would have done, none of it applied; null for every other entry
 */
public record PluginStep(
    String plugin,
    Stage stage,
    Duration duration,
    List<String> changes,
    List<String> ignored,
    @Nullable PluginException.Kind failure,
    @Nullable String error,
    @Nullable OnError policy,
    @Nullable ShadowVerdict shadow) {

  // Prefixes of the entries in changes: written by the chain, read by denied(), repicked() and
  // rewroteReferral().
  static final String DENY = "deny";
  static final String CANDIDATES = "candidates=";
  static final String SELECTED_INDEX = "selected_index=";
  static final String BACKEND = "backend=";
  static final String REFERRAL_CONTENT = "referral_content=";

  public PluginStep {
    requireNonNull(plugin, "plugin");
    requireNonNull(stage, "stage");
    requireNonNull(duration, "duration");
    changes = List.copyOf(changes);
    ignored = List.copyOf(ignored);
    if (shadow != null && policy != null) {
      throw new IllegalArgumentException(
          "policy: " + policy.configName() + " (expected: none for a shadow step)");
    }
  }

  /** The step of an entry that is not a shadow. */
  public PluginStep(
      String plugin,
      Stage stage,
      Duration duration,
      List<String> changes,
      List<String> ignored,
      @Nullable PluginException.Kind failure,
      @Nullable String error,
      @Nullable OnError policy) {
    this(plugin, stage, duration, changes, ignored, failure, error, policy, null);
  }

  /** Whether this is a shadow entry's step, whose answer was not applied. */
  public boolean isShadow() {
    return shadow != null;
  }

  /**
   * Whether the plugin changed anything (a failure under {@code deny} counts as a change); never a
   * shadow's step.
   */
  public boolean changedSomething() {
    return shadow == null && (!changes.isEmpty() || policy == OnError.DENY);
  }

  /** Whether the plugin denied the connection by its answer (would have, for a shadow). */
  public boolean denied() {
    return changed(DENY);
  }

  /** Whether the answer changed the candidates, the selected index or the backend. */
  public boolean repicked() {
    return repicked(changes);
  }

  /** Whether the answer replaced the referral content. */
  public boolean rewroteReferral() {
    return has(changes, REFERRAL_CONTENT);
  }

  private boolean changed(String kind) {
    return has(changes, kind);
  }

  static boolean repicked(List<String> changes) {
    return has(changes, CANDIDATES) || has(changes, SELECTED_INDEX) || has(changes, BACKEND);
  }

  static boolean has(List<String> changes, String kind) {
    for (int i = 0; i < changes.size(); i++) {
      if (changes.get(i).startsWith(kind)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the call failed. */
  public boolean failed() {
    return failure != null;
  }
}
