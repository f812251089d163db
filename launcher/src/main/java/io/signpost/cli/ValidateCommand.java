package io.signpost.cli;

import io.signpost.config.ConfigException;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LoadedConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code signpost validate --config FILE}: loads and checks a configuration, plugins and discovery
 * selectors included, without starting anything or contacting a cluster; then prints, per discovery
 * provider, what it watches and which pools use it. Exit 0 when valid (warnings are printed), 2
 * with every problem listed, one per line with its path, when not; 2 also when the file itself is
 * refused (missing, not a regular file, over the size cap), in one line.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a configuration file and print every problem with its path.")
final class ValidateCommand implements Callable<Integer> {

  static final int INVALID = 2;

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (options.config == null) {
      err.println("validate: --config FILE is required");
      return INVALID;
    }
    if (!options.applyLogLevel()) {
      options.printUnknownLogLevel(err);
      return INVALID;
    }
    try {
      LoadedConfig loaded = ConfigLoader.load(options.config);
      loaded.warnings().forEach(w -> err.println(w));
      out.println(options.config + ": valid (" + loaded.warnings().size() + " warnings)");
      DiscoverySummary.lines(loaded.config(), ConfigLoader.installedDiscoveryFactories())
          .forEach(out::println);
      return 0;
    } catch (ConfigException e) {
      options.printRefused(err, e);
      return INVALID;
    }
  }
}
