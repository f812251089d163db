package io.signpost.chain;

import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectResponse;
import java.util.List;

/**
 * The routing state as it passes from plugin to plugin, and the rules by which one plugin's answer
 * changes it. Not thread-safe: a chain run owns one and hands it from plugin to plugin.
 *
 * <p>Rules, applied in this order (Hyrouter's, with the gaps closed):
 *
 * <ol>
 *   <li>non-empty {@code candidates} replace the list; a list over {@link
 *       AnswerLimits#MAX_CANDIDATES} entries, or with an entry that is not usable (blank host, port
 *       outside 1..65535) or over a limit of {@link AnswerLimits}, is rejected whole;
 *   <li>{@code selected_index} in range picks from the (possibly new) list; out of range is
 *       ignored;
 *   <li>a usable {@code backend} becomes the target and {@code selected_index} is re-synced to its
 *       position in the list (-1 when it is not there); an unusable one, or one over a limit of
 *       {@link AnswerLimits}, is ignored;
 *   <li>when candidates were replaced and neither 2 nor 3 applied, the index is re-synced to the
 *       current backend's position in the new list (-1 when absent);
 *   <li>when the target has no host but candidates exist, the first candidate is taken;
 *   <li>referral bytes, when present (even empty), replace the content, unless longer than the
 *       envelope can carry, in which case they are ignored.
 * </ol>
 *
 * Everything applied is listed in {@code changes}; everything ignored in {@code ignored} with the
 * reason. The chain relies on it: an answer with no changes leaves the state as it was, so the next
 * plugin gets the same encoded request.
 */
final class RoutingState {

  List<Backend> candidates;
  int selectedIndex;
  Backend backend;
  byte[] referralContent;
  private final int maxReferralContent;

  RoutingState(
      List<Backend> candidates,
      int selectedIndex,
      Backend backend,
      byte[] referralContent,
      int maxReferralContent) {
    this.candidates = candidates;
    this.selectedIndex = selectedIndex;
    this.backend = backend;
    this.referralContent = referralContent;
    this.maxReferralContent = maxReferralContent;
  }

  void apply(ConnectResponse response, List<String> changes, List<String> ignored) {
    boolean replaced = applyCandidates(response.candidates(), changes, ignored);
    boolean picked = applyIndex(response.selectedIndex(), changes, ignored);
    picked |= applyBackend(response.backend(), changes, ignored);
    if (replaced && !picked) {
      selectedIndex = indexOf(backend);
    }
    if (backend.host().isEmpty() && !candidates.isEmpty()) {
      selectedIndex = 0;
      backend = candidates.get(0);
      changes.add(PluginStep.BACKEND + backend.address() + " (first candidate)");
    }
    applyReferral(response.referralContent(), changes, ignored);
  }

  private boolean applyCandidates(List<Backend> list, List<String> changes, List<String> ignored) {
    if (list == null || list.isEmpty()) {
      return false;
    }
    String tooLong = AnswerLimits.candidatesProblem(list);
    if (tooLong != null) {
      ignored.add("candidates: " + tooLong);
      return false;
    }
    for (int i = 0; i < list.size(); i++) {
      Backend entry = list.get(i);
      if (!entry.isUsable()) {
        ignored.add(
            "candidates: entry "
                + i
                + " "
                + describe(entry)
                + " (expected: non-empty host, port 1..65535)");
        return false;
      }
      String problem = AnswerLimits.backendProblem(entry);
      if (problem != null) {
        ignored.add("candidates: entry " + i + " " + problem);
        return false;
      }
    }
    candidates = List.copyOf(list);
    changes.add(PluginStep.CANDIDATES + candidates.size());
    return true;
  }

  private boolean applyIndex(Integer index, List<String> changes, List<String> ignored) {
    if (index == null) {
      return false;
    }
    if (index < 0 || index >= candidates.size()) {
      ignored.add("selected_index: " + index + " (expected: 0.." + (candidates.size() - 1) + ")");
      return false;
    }
    selectedIndex = index;
    backend = candidates.get(index);
    changes.add(PluginStep.SELECTED_INDEX + index);
    return true;
  }

  private boolean applyBackend(Backend target, List<String> changes, List<String> ignored) {
    if (target == null) {
      return false;
    }
    if (!target.isUsable()) {
      ignored.add("backend: " + describe(target) + " (expected: non-empty host, port 1..65535)");
      return false;
    }
    String problem = AnswerLimits.backendProblem(target);
    if (problem != null) {
      ignored.add("backend: " + problem);
      return false;
    }
    backend = target;
    selectedIndex = indexOf(target);
    changes.add(PluginStep.BACKEND + target.address());
    return true;
  }

  private void applyReferral(byte[] content, List<String> changes, List<String> ignored) {
    if (content == null) {
      return;
    }
    if (content.length > maxReferralContent) {
      ignored.add(
          "referral_content: "
              + content.length
              + " bytes exceeds the allowed maximum ("
              + maxReferralContent
              + ")");
      return;
    }
    referralContent = content;
    changes.add(PluginStep.REFERRAL_CONTENT + content.length + " bytes");
  }

  private int indexOf(Backend target) {
    for (int i = 0; i < candidates.size(); i++) {
      Backend b = candidates.get(i);
      if (b.host().equals(target.host()) && b.port() == target.port()) {
        return i;
      }
    }
    return -1;
  }

  private static String describe(Backend b) {
    return AnswerLimits.quote(b.host()) + ":" + b.port();
  }
}
