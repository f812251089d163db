package io.signpost.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code run} and {@code validate}; Hyrouter's single-dash spellings work too.
 */
final class ConfigOptions {

  /** The file Hyrouter reads when no {@code -config} is given. */
  static final String HYROUTER_DEFAULT_FILE = "config.yaml";

  @Option(
      names = {"--config", "-config"},
      paramLabel = "FILE",
      description =
          "Configuration file (.yaml, .yml or .json). Without it, ./config.yaml is read when it"
              + " exists, as Hyrouter does; otherwise run uses the built-in default.")
  Path config;

  /** Where {@code ./config.yaml} is looked for; the working directory, or a test's directory. */
  Path workingDirectory = Path.of("");

  @Option(
      names = {"--log-level", "-log-level"},
      paramLabel = "LEVEL",
      defaultValue = "info",
      description = "debug, info, warn or error (default: ${DEFAULT-VALUE}).")
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
