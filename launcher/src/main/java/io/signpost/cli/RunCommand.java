package io.signpost.cli;

import io.signpost.config.ConfigDefaults;
import io.signpost.config.ConfigException;
import io.signpost.config.ConfigLoader;
import io.signpost.config.ListenAddress;
import io.signpost.config.LoadedConfig;
import io.signpost.config.SignpostConfig;
import io.signpost.routing.RoutingEngine;
import io.signpost.runtime.SignpostRuntime;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code signpost run [--config FILE] [--log-level LEVEL]}: starts the router and serves until
 * SIGTERM or SIGINT, then shuts down gracefully. Without {@code --config} it runs on the built-in
 * default configuration. Exit 2 for a configuration that is refused, 1 when the router cannot
 * start, 3 when a {@link VirtualMachineError} escapes a thread ({@link FatalErrorHandler}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the router (built-in default configuration when --config is not given).")
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
    if (options.config == null) {
      config = SignpostConfig.defaults();
      log.info(
          "no --config given: running on the built-in default configuration (listen {}, alpn {},"
              + " self-signed certificate, one placeholder backend {})",
          config.listen(),
          config.tls().alpn(),
          ConfigDefaults.PLACEHOLDER_BACKEND.address());
    } else {
      try {
        LoadedConfig loaded = ConfigLoader.load(options.config);
        loaded.warnings().forEach(w -> log.warn("config {}", w));
        config = loaded.config();
      } catch (ConfigException e) {
        options.printRefused(err, e);
        return ValidateCommand.INVALID;
      }
    }
    for (String line : new RoutingEngine(config.routing()).describe()) {
      log.info("routing: {}", line);
    }
    FatalErrorHandler.install();
    SignpostRuntime runtime;
    try {
      runtime = SignpostRuntime.start(config);
    } catch (RuntimeException e) {
      log.error("cannot start: {}", e.getMessage(), e);
      return 1;
    }
    log.info(
        "signpost listening on udp {}{}",
        runtime.address(),
        runtime
            .adminAddress()
            .map(a -> new ListenAddress(a.getAddress().getHostAddress(), a.getPort()))
            .map(admin -> ", admin on http://" + admin)
            .orElse(""));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping: no new connections, finishing open ones");
                  runtime.shutdown();
                  log.info("stopped");
                  stopped.countDown();
                },
                "signpost-shutdown"));
    stopped.await();
    return 0;
  }
}
