package io.signpost.plugin;

import io.signpost.annotation.Nullable;

/**
 * Whether a plugin can serve calls now, and why not when it cannot: what {@link Plugin#health()}
 * returns and {@code /readyz} shows.
 *
 * @param ready whether the plugin can serve calls
 * @param reason why it cannot, in words an operator can act on ({@code circuit breaker open after 5
 *     consecutive failures; next probe in 3000 ms}, {@code all 4 instances busy past their
 *     deadline}); null when ready or when the plugin gives no reason
 */
public record PluginHealth(boolean ready, @Nullable String reason) {

  /** A plugin that can serve calls. */
  public static final PluginHealth READY = new PluginHealth(true, null);

  /** A plugin that cannot serve calls, with no reason given. */
  public static final PluginHealth NOT_READY = new PluginHealth(false, null);

  public PluginHealth {
    if (ready && reason != null) {
      throw new IllegalArgumentException(
          "reason: \"" + reason + "\" (expected: null for a ready plugin)");
    }
  }

  /** A plugin that cannot serve calls, because of {@code reason}. */
  public static PluginHealth notReady(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason: \"" + reason + "\" (expected: a non-blank text)");
    }
    return new PluginHealth(false, reason);
  }
}
