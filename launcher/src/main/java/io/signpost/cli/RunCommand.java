package io.signpost.cli;

import ch.qos.logback.classic.LoggerContext;
import io.signpost.config.ConfigDefaults;
import io.signpost.config.ConfigException;
import io.signpost.config.ConfigLoader;
import io.signpost.config.ListenAddress;
import io.signpost.config.LoadedConfig;
import io.signpost.config.LoggingConfig;
import io.signpost.config.SignpostConfig;
import io.signpost.routing.RoutingEngine;
import io.signpost.runtime.BuildInfo;
import io.signpost.runtime.ConfigSource;
import io.signpost.runtime.SignpostRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code signpost run [--config FILE] [--log-level LEVEL]}: starts the router and serves until
 * SIGTERM or SIGINT, then drains gracefully and exits with status 0, as Hyrouter does. Without
 * {@code --config} it reads {@code ./config.yaml} when that file exists (Hyrouter's default) and
 * runs on the built-in default configuration otherwise. Exit 2 for a configuration that is refused,
 * 1 when the router cannot start, 3 when a {@link VirtualMachineError} escapes a thread ({@link
 * FatalErrorHandler}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the router (./config.yaml, else the built-in default, when --config is not given).")
final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger("io.signpost.cli");

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    if (!options.applyLogLevel()) {
      options.printUnknownLogLevel(err);
      return ValidateCommand.INVALID;
    }
    SignpostConfig config;
    LoadedConfig loaded;
    ConfigSource source;
    Path file = options.configFile();
    if (file == null) {
      config = SignpostConfig.defaults();
      loaded = LoadedConfig.of(config);
      source = ConfigSource.none();
      logTo(config.logging().format());
      logStarting();
      log.info(
          "no --config given and no ./{}: running on the built-in default configuration (listen"
              + " {}, alpn {}, self-signed certificate, one placeholder backend {})",
          ConfigOptions.HYROUTER_DEFAULT_FILE,
          config.listen(),
          config.tls().alpn(),
          ConfigDefaults.PLACEHOLDER_BACKEND.address());
    } else {
      if (options.usesHyroutersDefaultFile()) {
        log.info(
            "no --config given: loading {} from the working directory, as Hyrouter does",
            ConfigOptions.HYROUTER_DEFAULT_FILE);
      }
      try {
        loaded = ConfigLoader.load(file);
        source = ConfigSource.file(file);
        config = loaded.config();
        logTo(config.logging().format());
        logStarting();
        loaded.warnings().forEach(w -> log.warn("config {}", w));
      } catch (ConfigException e) {
        options.printRefused(err, e);
        return ValidateCommand.INVALID;
      }
    }
    for (String line : new RoutingEngine(config.routing()).describe()) {
      log.info("routing: {}", line);
    }
    FatalErrorHandler.install();
    // Before the start, so a SIGTERM that arrives while starting (or right after the listening
    // line) drains the router instead of ending the JVM with 143.
    StopSignals stop = StopSignals.install();
    SignpostRuntime runtime;
    try {
      runtime = SignpostRuntime.start(loaded, source);
    } catch (RuntimeException e) {
      log.error("cannot start: {}", e.getMessage(), e);
      return 1;
    }
    ReloadSignal.install(runtime);
    log.info(
        "signpost listening on udp {}{}",
        runtime.address(),
        runtime
            .adminAddress()
            .map(a -> new ListenAddress(a.getAddress().getHostAddress(), a.getPort()))
            .map(admin -> ", admin on http://" + admin)
            .orElse(""));
    AtomicBoolean drained = new AtomicBoolean();
    Runnable drain =
        () -> {
          if (drained.compareAndSet(false, true)) {
            log.info("stopping: no new connections, finishing open ones");
            runtime.shutdown();
            log.info("stopped");
          }
        };
    // Any other way the JVM ends (System.exit, a signal not handled below) still drains.
    Thread hook = new Thread(drain, "signpost-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    String signal = stop.await();
    log.info("received SIG{}", signal);
    drain.run();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting already; the hook has nothing left to do
    }
    return 0;
  }

  /** The log goes to stdout in {@code format} ({@code logging.format}). */
  private static void logTo(LoggingConfig.Format format) {
    boolean applied =
        LoggerFactory.getILoggerFactory() instanceof LoggerContext context
            && LogOutput.configure(context, LogOutput.Stream.STDOUT, format);
    if (!applied && format != LoggingConfig.Format.TEXT) {
      log.warn(
          "logging.format: {} not applied: the logback configuration has no console appender"
              + " named {}, so it is used as it is",
          format.tag(),
          LogOutput.APPENDER);
    }
  }

  /** The first line of the log: which build runs, on which configuration. */
  private void logStarting() {
    log.info(
        "signpost {} starting, config {}",
        BuildInfo.current().describe(),
        options.configFile() == null ? "built-in default" : options.configFile());
  }
}
