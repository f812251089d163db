package io.signpost.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code run} and {@code validate}; Hyrouter's single-dash spellings work too.
 */
final class ConfigOptions {

  @Option(
      names = {"--config", "-config"},
      paramLabel = "FILE",
      description =
          "Configuration file (.yaml, .yml or .json). Without it, run uses the built-in default.")
  Path config;

  @Option(
      names = {"--log-level", "-log-level"},
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "debug, info, warn or error (default: ${DEFAULT-VALUE}).")
  String logLevel;

  /** Applies {@link #logLevel} to Signpost's loggers; returns false when the level is unknown. */
  boolean applyLogLevel() {
    Level level =
        switch (logLevel.toLowerCase(java.util.Locale.ROOT)) {
          case "debug" -> Level.DEBUG;
          case "info" -> Level.INFO;
          case "warn", "warning" -> Level.WARN;
          case "error" -> Level.ERROR;
          default -> null;
        };
    if (level == null) {
      return false;
    }
    ((Logger) LoggerFactory.getLogger("io.signpost")).setLevel(level);
    return true;
  }
}
