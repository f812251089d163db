package io.signpost.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.signpost.config.ConfigException;
import io.signpost.configtree.ConfigProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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

  /**
   * Prints why {@link #config} was refused: one line when the file as a whole was ({@code
   * config.yaml: not a regular file (a named pipe)}), otherwise a count and every problem with its
   * path, one per line.
   */
  void printRefused(PrintWriter err, ConfigException e) {
    List<ConfigProblem> errors = e.errors();
    if (e.problems().size() == 1 && errors.size() == 1 && errors.get(0).path().isEmpty()) {
      err.println(config + ": " + errors.get(0).message());
      return;
    }
    err.println(config + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
    for (ConfigProblem problem : e.problems()) {
      err.println("  " + problem);
    }
  }
}
