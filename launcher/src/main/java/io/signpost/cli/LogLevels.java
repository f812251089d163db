package io.signpost.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one log level setting, {@code --log-level}: it governs the router's loggers ({@code
 * io.signpost.*}) and the plugins' ({@code signpost.plugin.<name>}: a Wasm guest's {@code log}
 * calls, stdout and stderr), so {@code debug} shows plugin debug lines and the default, {@code
 * info}, shows plugin INFO lines. Libraries (Netty, gRPC) keep the levels of {@code logback.xml}.
 */
final class LogLevels {

  /** Parents of the loggers the setting governs. */
  static final List<String> GOVERNED = List.of("io.signpost", "signpost.plugin");

  private LogLevels() {}

  /**
   * The level named {@code text} (debug, info, warn or warning, error; any case); empty if none.
   */
  static Optional<Level> parse(String text) {
    return Optional.ofNullable(
        switch (text.toLowerCase(Locale.ROOT)) {
          case "debug" -> Level.DEBUG;
          case "info" -> Level.INFO;
          case "warn", "warning" -> Level.WARN;
          case "error" -> Level.ERROR;
          default -> null;
        });
  }

  /** Sets {@code level} on every {@linkplain #GOVERNED governed} logger of {@code context}. */
  static void apply(LoggerContext context, Level level) {
    for (String name : GOVERNED) {
      context.getLogger(name).setLevel(level);
    }
  }
}
