package io.signpost.configtree;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a configuration, located by its path in the document.
 *
 * <p>Paths use the document's own names: {@code routing.routes[2].pool.backends[0].port}. Messages
 * state the offending value and what was expected, for example {@code 70000 (expected: 1..65535)}.
 *
 * @param path where in the document the problem is; empty for the document as a whole
 * @param message what is wrong and what was expected
 * @param severity whether the problem stops the configuration from loading
 */
public record ConfigProblem(String path, String message, Severity severity) {

  /** How serious a problem is. */
  public enum Severity {
    /** The configuration is refused. */
    ERROR,
    /** The configuration loads; the operator should still look. */
    WARNING
  }

  public ConfigProblem {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
    requireNonNull(severity, "severity");
  }

  /** An error at {@code path}. */
  public static ConfigProblem error(String path, String message) {
    return new ConfigProblem(path, message, Severity.ERROR);
  }

  /** A warning at {@code path}. */
  public static ConfigProblem warning(String path, String message) {
    return new ConfigProblem(path, message, Severity.WARNING);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    String where = path.isEmpty() ? "" : path + ": ";
    return (severity == Severity.WARNING ? "warning: " : "") + where + message;
  }
}
