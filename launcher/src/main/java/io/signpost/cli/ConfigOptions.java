package io.signpost.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.signpost.config.ConfigException;
import io.signpost.configtree.ConfigProblem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code run} and {@code validate}; Hyrouter's single-dash spellings work too.
 */
final class ConfigOptions {

  /** The file Hyrouter reads when no {@code -config} is given. */
  static final String HYROUTER_DEFAULT_FILE = "config.yaml";

  /**
   * The environment variable naming the configuration file when {@code --config} is not given; the
   * container image sets it to {@code /etc/signpost/config.yaml}.
   */
  static final String CONFIG_ENV = "SIGNPOST_CONFIG";

  @Option(
      names = {"--config", "-config"},
      paramLabel = "FILE",
      defaultValue = "${env:" + CONFIG_ENV + "}",
      description =
          "Configuration file (.yaml, .yml or .json); default: $"
              + CONFIG_ENV
              + " when set, else ./config.yaml when it exists (as Hyrouter reads it); without"
              + " either, run uses the built-in default.")
  Path config;

  /** Where {@code ./config.yaml} is looked for; the working directory, or a test's directory. */
  Path workingDirectory = Path.of("");

  @Option(
      names = {"--log-level", "-log-level"},
      paramLabel = "LEVEL",
      defaultValue = "info",
      description =
          "debug, info, warn or error, for the router and its plugins (default: ${DEFAULT-VALUE}).")
  String logLevel;

  /**
   * The file to load: {@code --config}, else {@code ./config.yaml} when it exists, else null (the
   * built-in default).
   */
  Path configFile() {
    if (config != null) {
      return config;
    }
    Path fallback = workingDirectory.resolve(HYROUTER_DEFAULT_FILE);
    return Files.isRegularFile(fallback) ? fallback : null;
  }

  /** Whether {@link #configFile()} is the {@code ./config.yaml} found without {@code --config}. */
  boolean usesHyroutersDefaultFile() {
    return config == null && configFile() != null;
  }

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
   * Prints why {@link #configFile()} was refused: one line when the file as a whole was ({@code
   * config.yaml: not a regular file (a named pipe)}), otherwise a count and every problem with its
   * path, one per line.
   */
  void printRefused(PrintWriter err, ConfigException e) {
    Path file = configFile();
    List<ConfigProblem> errors = e.errors();
    if (e.problems().size() == 1 && errors.size() == 1 && errors.get(0).path().isEmpty()) {
      err.println(file + ": " + errors.get(0).message());
      return;
    }
    err.println(file + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
    for (ConfigProblem problem : e.problems()) {
      err.println("  " + problem);
    }
  }
}
