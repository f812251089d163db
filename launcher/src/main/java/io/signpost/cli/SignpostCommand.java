package io.signpost.cli;

import io.signpost.runtime.BuildInfo;
import java.util.concurrent.Callable;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code signpost} command. Without a subcommand it behaves as {@code run}, so Hyrouter's
 * invocation {@code hyrouter -config FILE -log-level debug} works as {@code signpost -config FILE
 * -log-level debug}.
 */
@Command(
    name = "signpost",
    mixinStandardHelpOptions = true,
    versionProvider = SignpostCommand.Version.class,
    description = "Connect-time QUIC referral router with WebAssembly and gRPC plugins.",
    subcommands = {RunCommand.class, ValidateCommand.class, PluginCommand.class})
public final class SignpostCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    CommandLine line = new CommandLine(new RunCommand());
    RunCommand run = line.getCommand();
    run.options = options;
    return run.call();
  }

  /** Entry point of the runnable jar. */
  public static void main(String[] args) {
    LeakDetectionDefault.apply();
    // gRPC and Netty log through java.util.logging; send it to the same log as everything else.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    int status = commandLine().execute(args);
    LogOutput.flush();
    System.exit(status);
  }

  /** The configured command line, for tests. */
  static CommandLine commandLine() {
    return new CommandLine(new SignpostCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** Reports the project version and the git commit the jar was built from ({@link BuildInfo}). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"signpost " + BuildInfo.current().describe()};
    }
  }
}
