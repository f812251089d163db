package io.signpost.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.configtree.ConfigProblem;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginLoadException;
import io.signpost.plugin.PluginSpec;
import io.signpost.text.GoDuration;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One plugin loaded outside a router, through the same {@link PluginFactory} the router uses, for
 * the command line's {@code plugin call} and {@code plugin test}. Calls are made one at a time from
 * the command's thread.
 */
final class LoadedPlugin implements AutoCloseable {

  /**
   * How much longer than the plugin's own time limit a call is waited for: the plugin stops itself
   * at its limit and fails with its own message (a Wasm timeout, a gRPC deadline), which is what
   * the user should see.
   */
  static final Duration WAIT_BEYOND_TIMEOUT = Duration.ofSeconds(5);

  /** The warm-up budget, as {@code limits.plugin_startup_timeout}'s default. */
  static final Duration WARM_UP_BUDGET = Duration.ofSeconds(30);

  /** The entry did not validate; the problems were printed. */
  static final class InvalidEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidEntryException() {
      super("the plugin entry does not validate");
    }
  }

  /** A call that did not produce an answer, with the reason the user should see. */
  static final class CallFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    CallFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Plugin plugin;
  private final ScheduledExecutorService timer;
  private final Duration timeout;

  private LoadedPlugin(Plugin plugin, ScheduledExecutorService timer, Duration timeout) {
    this.plugin = plugin;
    this.timer = timer;
    this.timeout = timeout;
  }

  /**
   * Validates the entry (printing every problem to {@code err}) and loads the plugin.
   *
   * @throws InvalidEntryException when a problem is an error
   * @throws PluginLoadException when the plugin cannot be loaded (file, module, connection)
   */
  static LoadedPlugin load(PluginConfig config, PrintWriter err) throws InvalidEntryException {
    return load(config, err, false);
  }

  /**
   * {@link #load(PluginConfig, PrintWriter)}, then, with {@code warmUp}, the plugin's warm-up as
   * the router runs it before serving (a Wasm plugin's synthetic calls); a warm-up that fails is
   * reported on {@code err} and the plugin is used anyway.
   */
  static LoadedPlugin load(PluginConfig config, PrintWriter err, boolean warmUp)
      throws InvalidEntryException {
    LoadedPlugin loaded = loadCold(config, err);
    if (warmUp) {
      try {
        loaded
            .plugin
            .warmUp(Deadline.after(WARM_UP_BUDGET))
            .get(WARM_UP_BUDGET.plus(WAIT_BEYOND_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        err.println("warm-up did not complete: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return loaded;
  }

  private static LoadedPlugin loadCold(PluginConfig config, PrintWriter err)
      throws InvalidEntryException {
    List<ConfigProblem> problems = new ArrayList<>();
    PluginSpec<?> spec = PluginSpec.read(factory(config.type()), config, "plugin", problems);
    problems.forEach(err::println);
    if (spec == null) {
      throw new InvalidEntryException();
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      Plugin plugin = spec.create(new PluginContext(new SimpleMeterRegistry(), timer));
      return new LoadedPlugin(plugin, timer, config.timeout());
    } catch (RuntimeException e) {
      timer.shutdownNow();
      throw e;
    }
  }

  /**
   * Calls the plugin with its time limit as the deadline and waits {@link #WAIT_BEYOND_TIMEOUT}
   * longer for its answer.
   *
   * @throws CallFailedException with the plugin's own failure message
   * @throws InterruptedException when the command is interrupted
   */
  ConnectResponse call(ConnectRequest request) throws CallFailedException, InterruptedException {
    Duration wait = timeout.plus(WAIT_BEYOND_TIMEOUT);
    try {
      return plugin
          .onConnect(request, Deadline.after(timeout))
          .get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String kind = cause instanceof PluginException pe ? " (" + pe.kind().tag() + ")" : "";
      throw new CallFailedException(cause.getMessage() + kind, cause);
    } catch (TimeoutException e) {
      throw new CallFailedException(
          "no answer within "
              + GoDuration.format(wait)
              + ", although the plugin's time limit is "
              + GoDuration.format(timeout),
          e);
    }
  }

  @Override
  public void close() {
    try {
      plugin.close();
    } finally {
      timer.shutdownNow();
    }
  }

  private static PluginFactory<?> factory(String type) {
    for (PluginFactory<?> factory : ServiceLoader.load(PluginFactory.class)) {
      if (factory.type().equals(type)) {
        return factory;
      }
    }
    throw new IllegalStateException("no plugin backend for type " + type + " on the classpath");
  }
}
