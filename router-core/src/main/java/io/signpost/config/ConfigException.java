package io.signpost.config;

import io.signpost.configtree.ConfigProblem;
import java.util.List;

/**
 * A configuration was refused. Carries every problem found, errors and warnings, in document order;
 * the message lists them one per line.
 */
public class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigException(String source, List<ConfigProblem> problems) {
    super(message(source, problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, errors and warnings. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /** Only the errors. */
  public List<ConfigProblem> errors() {
    return problems.stream().filter(ConfigProblem::isError).toList();
  }

  private static String message(String source, List<ConfigProblem> problems) {
    long errors = problems.stream().filter(ConfigProblem::isError).count();
    StringBuilder sb =
        new StringBuilder(source)
            .append(": ")
            .append(errors)
            .append(errors == 1 ? " error" : " errors");
    for (ConfigProblem p : problems) {
      sb.append(System.lineSeparator()).append("  ").append(p);
    }
    return sb.toString();
  }
}
