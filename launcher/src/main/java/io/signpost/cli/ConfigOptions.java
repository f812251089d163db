package io.signpost.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
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
      description =
          "debug, info, warn or error, for the router and its plugins (default: ${DEFAULT-VALUE}).")
  String logLevel;

  /**
   * Applies {@link #logLevel} to the router's and the plugins' loggers ({@link LogLevels}); returns
   * false when the level is unknown.
   */
  boolean applyLogLevel() {
    Optional<Level> level = LogLevels.parse(logLevel);
    level.ifPresent(l -> LogLevels.apply((LoggerContext) LoggerFactory.getILoggerFactory(), l));
    return level.isPresent();
  }

  /** Prints the message for an unknown {@link #logLevel}. */
  void printUnknownLogLevel(PrintWriter err) {
    err.println("--log-level: " + logLevel + " (expected: debug, info, warn or error)");
  }
}
