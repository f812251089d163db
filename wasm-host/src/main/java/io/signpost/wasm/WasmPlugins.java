package io.signpost.wasm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.annotation.Nullable;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.EncodedRequest;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginHealth;
import io.signpost.plugin.PluginLoadException;
import io.signpost.wasm.internal.WasmPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Loads a Wasm plugin outside a router, for the command line ({@code plugin call --wasm FILE}) and
 * for tests and benchmarks.
 *
 * <p>There is no chain outside a router, so the plugins returned here bound each call by their
 * {@code timeout} themselves: a call runs until the earlier of the deadline it is given and {@code
 * timeout} from its start. Inside a router the chain gives every call that deadline.
 *
 * <pre>{@code
 * try (Plugin plugin = WasmPlugins.load(Path.of("plugin.wasm"), config)) {
 *   ConnectResponse r = plugin.onConnect(request, Deadline.after(Duration.ofSeconds(1))).join();
 * }
 * }</pre>
 */
public final class WasmPlugins {

  private WasmPlugins() {}

  /**
   * Loads {@code wasm} with default options, a 1 s timeout and a private scheduler and meter
   * registry that are released when the plugin is closed. Blocks while the module compiles.
   *
   * @param config the plugin's {@code config}, handed to {@code signpost_load}; {@code null} for
   *     none
   * @throws PluginLoadException when the module cannot be loaded
   */
  public static Plugin load(Path wasm, @Nullable JsonNode config) {
    return load(WasmOptions.of(wasm), config, PluginConfig.DEFAULT_TIMEOUT);
  }

  /**
   * Loads a module with explicit options and per-call timeout, with a private scheduler and meter
   * registry that are released when the plugin is closed.
   *
   * @throws PluginLoadException when the module cannot be loaded
   */
  public static Plugin load(WasmOptions options, @Nullable JsonNode config, Duration timeout) {
    requireNonNull(options, "options");
    requireNonNull(timeout, "timeout");
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "signpost-wasm-timer");
              thread.setDaemon(true);
              return thread;
            });
    PluginContext context = new PluginContext(new SimpleMeterRegistry(), scheduler);
    try {
      PluginConfig entry =
          new PluginConfig(
              "wasm", WasmPluginFactory.TYPE, null, null, null, timeout, null, config, null);
      return new Standalone(WasmPlugin.load(entry, options, context), timeout, scheduler);
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      throw e;
    }
  }

  /**
   * Loads a module as the plugin {@code name} using the router's services. The caller owns {@code
   * context}; closing the plugin does not stop its scheduler.
   *
   * @throws PluginLoadException when the module cannot be loaded
   */
  public static Plugin load(
      String name,
      WasmOptions options,
      @Nullable JsonNode config,
      Duration timeout,
      PluginContext context) {
    PluginConfig entry =
        new PluginConfig(
            name, WasmPluginFactory.TYPE, null, null, null, timeout, null, config, null);
    return new Standalone(WasmPlugin.load(entry, options, context), timeout, null);
  }

  /**
   * A plugin that bounds each call by its timeout, as the chain would, and stops the scheduler it
   * was given, if any, when it closes.
   */
  private record Standalone(
      Plugin plugin, Duration timeout, @Nullable ScheduledExecutorService scheduler)
      implements Plugin {
    @Override
    public String name() {
      return plugin.name();
    }

    @Override
    public CompletableFuture<ConnectResponse> onConnect(ConnectRequest request, Deadline deadline) {
      return plugin.onConnect(request, deadline.min(Deadline.after(timeout)));
    }

    @Override
    public CompletableFuture<ConnectResponse> onConnect(EncodedRequest request, Deadline deadline) {
      return plugin.onConnect(request, deadline.min(Deadline.after(timeout)));
    }

    @Override
    public CompletableFuture<Void> warmUp(Deadline deadline) {
      return plugin.warmUp(deadline);
    }

    @Override
    public boolean isReady() {
      return plugin.isReady();
    }

    @Override
    public PluginHealth health() {
      return plugin.health();
    }

    @Override
    public void close() {
      plugin.close();
      if (scheduler != null) {
        scheduler.shutdownNow();
      }
    }
  }
}
