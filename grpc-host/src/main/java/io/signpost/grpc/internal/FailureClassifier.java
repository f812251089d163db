package io.signpost.grpc.internal;

import io.grpc.Status;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginResponseException;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.plugin.PluginTransportException;
import io.signpost.plugin.PluginTrapException;

/**
 * Maps the status a gRPC call closed with to the SPI's failure kinds: {@code DEADLINE_EXCEEDED} is
 * a timeout; {@code UNAVAILABLE} (refused, reset, TLS failure, no connection) is transport; a
 * response over {@code max_response_bytes}, which grpc-java's deframer reports as {@code
 * RESOURCE_EXHAUSTED} with a fixed description, is an invalid response; every other status is the
 * plugin's own failure (trap).
 */
public final class FailureClassifier {

  /** How grpc-java's client describes an inbound message over its limit (MessageDeframer). */
  static final String OVERSIZE_PREFIX = "gRPC message exceeds maximum size";

  private FailureClassifier() {}

  public static PluginException classify(String plugin, Status status) {
    String message = describe(status);
    Throwable cause = status.getCause();
    return switch (status.getCode()) {
      case DEADLINE_EXCEEDED -> new PluginTimeoutException(plugin, message, cause);
      case UNAVAILABLE -> new PluginTransportException(plugin, message, cause);
      case RESOURCE_EXHAUSTED ->
          isOversize(status)
              ? new PluginResponseException(
                  plugin, "response " + lowerFirst(status.getDescription()), cause)
              : new PluginTrapException(plugin, message, cause);
      default -> new PluginTrapException(plugin, message, cause);
    };
  }

  private static boolean isOversize(Status status) {
    String description = status.getDescription();
    return description != null && description.startsWith(OVERSIZE_PREFIX);
  }

  private static String describe(Status status) {
    String description = status.getDescription();
    if (description == null && status.getCause() != null) {
      description = status.getCause().toString();
    }
    return "gRPC status " + status.getCode() + (description == null ? "" : ": " + description);
  }

  private static String lowerFirst(String text) {
    return text.startsWith("gRPC message")
        ? "message" + text.substring("gRPC message".length())
        : text;
  }
}
