package io.signpost.chain;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Backend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of running a connection through the plugin chain.
 *
 * @param denied whether the connection is refused
 * @param denyReason the reason a plugin gave; null when it gave none or when the deny comes from an
 *     {@code on_error: deny} policy (the caller picks the configured message)
 * @param deniedBy the plugin that denied, or whose failure denied; null when admitted
 * @param candidates the final candidate list
 * @param selectedIndex index of {@code backend} in {@code candidates}, or -1
 * @param backend the final target
 * @param referralContent the final referral content (empty when none)
 * @param steps one entry per plugin that ran, in order
 */
public record ChainResult(
    boolean denied,
    @Nullable String denyReason,
    @Nullable String deniedBy,
    List<Backend> candidates,
    int selectedIndex,
    Backend backend,
    byte[] referralContent,
    List<PluginStep> steps) {

  public ChainResult {
    candidates = List.copyOf(candidates);
    requireNonNull(backend, "backend");
    referralContent = referralContent.clone();
    steps = List.copyOf(steps);
  }

  @Override
  public byte[] referralContent() {
    return referralContent.clone();
  }

  /** Names of plugins that changed something, in order. */
  public List<String> changedBy() {
    if (steps.isEmpty()) {
      return List.of();
    }
    List<String> names = new ArrayList<>(steps.size());
    for (PluginStep step : steps) {
      if (step.changedSomething()) {
        names.add(step.plugin());
      }
    }
    return Collections.unmodifiableList(names);
  }
}
