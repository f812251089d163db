package io.signpost.cli;

import io.signpost.config.ConfigException;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LoadedConfig;
import io.signpost.configtree.ConfigProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signpost validate [--config FILE] [--strict]}: loads and checks a configuration, plugins
 * and discovery selectors included, without starting anything or contacting a cluster; then prints,
 * per discovery provider, what it watches and which pools use it. Exit 0 when valid (warnings are
 * printed), 2 with every problem listed, one per line with its path, when not; 2 also when the file
 * itself is refused (missing, not a regular file, over the size cap), in one line. With {@code
 * --strict} every warning (an unknown key, a setting without effect, a Hyrouter leniency such as an
 * ordering constraint naming no plugin) is an error. Without {@code --config}, {@code
 * ./config.yaml} is checked, as Hyrouter reads it.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a configuration file and print every problem with its path.")
final class ValidateCommand implements Callable<Integer> {

  static final int INVALID = 2;

  @Mixin ConfigOptions options;

  @Option(
      names = {"--strict", "-strict"},
      description = "Treat every warning as an error (exit 2 when there is any).")
  boolean strict;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LogOutput.toStderr();
    Path file = options.configFile();
    if (file == null) {
      err.println(
          "validate: --config FILE (or SIGNPOST_CONFIG) is required (there is no ./"
              + ConfigOptions.HYROUTER_DEFAULT_FILE
              + ")");
      return INVALID;
    }
    if (!options.applyLogLevel()) {
      options.printUnknownLogLevel(err);
      return INVALID;
    }
    try {
      LoadedConfig loaded = ConfigLoader.load(file);
      if (strict && !loaded.warnings().isEmpty()) {
        return refuse(err, file, loaded.warnings());
      }
      loaded.warnings().forEach(w -> err.println(w));
      out.println(file + ": valid (" + loaded.warnings().size() + " warnings)");
      DiscoverySummary.lines(loaded.config(), ConfigLoader.installedDiscoveryFactories())
          .forEach(out::println);
      return 0;
    } catch (ConfigException e) {
      if (strict) {
        return refuse(err, file, e.problems());
      }
      options.printRefused(err, e);
      return INVALID;
    }
  }

  private int refuse(PrintWriter err, Path file, List<ConfigProblem> problems) {
    List<ConfigProblem> shown =
        strict
            ? problems.stream().map(p -> ConfigProblem.error(p.path(), p.message())).toList()
            : problems;
    long errors = shown.stream().filter(ConfigProblem::isError).count();
    err.println(
        file + ": " + errors + " errors" + (strict ? " (--strict: warnings are errors)" : ""));
    for (ConfigProblem problem : shown) {
      err.println("  " + problem);
    }
    return INVALID;
  }
}
