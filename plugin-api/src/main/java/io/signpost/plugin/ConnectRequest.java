package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The request a plugin receives: the client's event and the routing state as it stands when the
 * plugin runs (after the routing engine and every earlier plugin in the chain).
 *
 * <p>JSON ({@link PluginJson}) is Hyrouter's {@code ConnectRequest} (seed 001): snake_case names,
 * byte fields as base64 strings. The current referral content is sent under both names plugins
 * know, {@code referral_content} (Hyrouter today) and {@code referral_data} (seed 001); both are
 * omitted when the content is empty.
 *
 * @param event what is known about the client
 * @param strategy the pool's strategy name, for example {@code round_robin}
 * @param candidates the candidate backends after filters, sort and limit
 * @param selectedIndex index into {@code candidates} of {@code backend}, or -1 when the backend is
 *     not one of them
 * @param backend the currently selected backend
 * @param referralContent the current referral content; empty when none
 */
public record ConnectRequest(
    ConnectEvent event,
    String strategy,
    List<Backend> candidates,
    int selectedIndex,
    Backend backend,
    byte[] referralContent) {

  public ConnectRequest {
    requireNonNull(event, "event");
    strategy = strategy == null ? "" : strategy;
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
    requireNonNull(backend, "backend");
    referralContent = referralContent == null ? new byte[0] : referralContent.clone();
  }

  @Override
  public byte[] referralContent() {
    return referralContent.clone();
  }

  /** A copy with a different routing state, as the chain produces between plugins. */
  public ConnectRequest withState(
      List<Backend> candidates, int selectedIndex, Backend backend, byte[] referralContent) {
    return new ConnectRequest(event, strategy, candidates, selectedIndex, backend, referralContent);
  }
}
