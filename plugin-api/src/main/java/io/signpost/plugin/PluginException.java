package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import io.signpost.text.TextCut;

/**
 * Root of plugin call failures. Each subclass is one {@link Kind}, used for the decision trace, the
 * log line and the {@code kind} tag of the failure metric.
 *
 * <p>The message is {@code plugin <name>: <message>}, at most {@value #MAX_MESSAGE_CHARS}
 * characters: a longer one (a gRPC status description, a trap message, an exception's text) is cut
 * here, the one constructor every subclass goes through, and ends in {@code "… (N more
 * characters)"}. The cause, when given, is kept as it is.
 */
public abstract class PluginException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of plugin failure, as reported in metrics and traces. */
  public enum Kind {
    /** The call did not complete before its deadline. */
    TIMEOUT,
    /** The plugin itself failed: a Wasm trap, exit or memory limit, a gRPC error status. */
    TRAP,
    /** The plugin could not be reached: connection refused, reset, TLS failure. */
    TRANSPORT,
    /** The plugin answered with something that is not a valid response. */
    INVALID_RESPONSE,
    /** The call was not attempted because the plugin's circuit breaker is open. */
    BREAKER_OPEN,
    /**
     * The call was not attempted for want of capacity: no instance became free before the deadline,
     * the call queue is full, the plugin is closed or backing off after failed instance creations.
     */
    UNAVAILABLE,
    /** Anything else: a bug in the host, an unexpected exception. */
    INTERNAL;

    /** Lower-case name for tags and logs. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The longest {@link #getMessage()}, in UTF-16 characters, marker included. */
  public static final int MAX_MESSAGE_CHARS = 1024;

  private final String pluginName;

  protected PluginException(String pluginName, String message, Throwable cause) {
    super(
        TextCut.abbreviate(
            "plugin " + requireNonNull(pluginName, "pluginName") + ": " + message,
            MAX_MESSAGE_CHARS),
        cause);
    this.pluginName = pluginName;
  }

  /** The plugin that failed. */
  public String pluginName() {
    return pluginName;
  }

  /** What kind of failure this is. */
  public abstract Kind kind();
}
