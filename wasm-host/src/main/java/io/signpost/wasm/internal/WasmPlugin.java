package io.signpost.wasm.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signpost.annotation.Nullable;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.EncodedRequest;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginHealth;
import io.signpost.plugin.PluginInternalException;
import io.signpost.plugin.PluginJson;
import io.signpost.plugin.PluginLoadException;
import io.signpost.plugin.PluginResponseException;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.plugin.PluginUnavailableException;
import io.signpost.text.GoDuration;
import io.signpost.wasm.WasmOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Wasm plugin: a compiled module, a pool of instances and the plugin's own worker threads.
 *
 * <p>{@link #onConnect} never blocks: it queues the call on the plugin's workers (at most {@code
 * pool_size} calls run at once, at most {@code max_queued_calls} wait) and returns a future. A
 * worker takes an instance from the pool, runs the module until the caller's deadline (the chain
 * gives {@code timeout} from the call's start; the guest is interrupted on the router's {@link
 * io.signpost.plugin.DeadlineTimer}), checks and decodes the answer. A call that fails in any way
 * discards its instance, which is replaced in the background.
 *
 * <p>This class reports failures through the returned future and does not log them: the chain
 * applies the plugin's {@code on_error} policy and logs once.
 */
public final class WasmPlugin implements Plugin, InstancePool.PoolEvents {
  private static final Logger LOG = LoggerFactory.getLogger(WasmPlugin.class);

  private final String name;
  private final Duration timeout;
  private final WasmOptions options;
  private final SignpostImports imports;
  private final CallWatchdog watchdog;
  private final WorkerThreads workers;
  private final WorkerThreads builders;
  private final Supplier<PluginInstance> instances;
  private final InstancePool pool;
  private final PoolMetrics metrics;
  private final AtomicInteger pending = new AtomicInteger();
  private final Supplier<PluginInstance> warmUpInstances;
  private @Nullable CompletableFuture<Void> warmUp;
  private volatile boolean closed;

  private WasmPlugin(PluginConfig config, WasmOptions options, PluginContext context) {
    this.name = config.name();
    this.timeout = config.timeout();
    this.options = options;
    PluginModule module = PluginModule.load(name, options);
    byte[] configJson = configJson(config);
    GuestLog guestLog =
        new GuestLog(
            name,
            LoggerFactory.getLogger("signpost.plugin." + name),
            context.meterRegistry(),
            System::nanoTime);
    this.imports = new SignpostImports(name, guestLog, context.meterRegistry());
    this.watchdog = new CallWatchdog(context.deadlines());
    InstanceServices services = new InstanceServices(imports, guestLog, watchdog);
    this.workers = WorkerThreads.workers(name, options.poolSize(), options.maxQueuedCalls());
    this.builders = WorkerThreads.builder(name);
    this.instances =
        () ->
            PluginInstance.create(
                module, services, configJson, Deadline.after(options.initTimeout()));
    InstanceServices muted = JitWarmUp.mutedServices(name, watchdog);
    this.warmUpInstances =
        () ->
            PluginInstance.create(module, muted, configJson, Deadline.after(options.initTimeout()));
    this.pool =
        new InstancePool(
            name,
            options.poolSize(),
            instances,
            builders.executor(),
            context.scheduler(),
            this,
            options.idleTimeout());
    this.metrics = new PoolMetrics(context.meterRegistry(), name, pool);
  }

  /**
   * Loads the module, compiles it (compiled mode) and creates the first instance. Blocks for as
   * long as that takes (seconds for a large module).
   *
   * @throws PluginLoadException when the file is missing or not Wasm, an export or import is wrong,
   *     or the first instance cannot be created
   */
  public static WasmPlugin load(PluginConfig config, WasmOptions options, PluginContext context) {
    requireNonNull(config, "config");
    requireNonNull(options, "options");
    requireNonNull(context, "context");
    WasmPlugin plugin = new WasmPlugin(config, options, context);
    try {
      plugin.pool.add(plugin.firstInstance(config, options));
      plugin.pool.startIdleSweep();
    } catch (RuntimeException e) {
      plugin.close();
      throw e;
    }
    return plugin;
  }

  private PluginInstance firstInstance(PluginConfig config, WasmOptions options) {
    try {
      return CompletableFuture.supplyAsync(instances, builders.executor()).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new PluginLoadException(
          config.name(),
          options.path() + ": cannot create an instance: " + cause.getMessage(),
          cause);
    }
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Makes {@link WasmOptions#warmUpCalls()} synthetic calls on a throwaway instance, on the builder
   * thread, so the JIT has compiled the module's hot paths before the router serves ({@link
   * JitWarmUp}). Runs once: a reload that keeps this plugin gets the same, completed, future.
   * Completes normally whatever the calls did.
   */
  @Override
  public synchronized CompletableFuture<Void> warmUp(Deadline deadline) {
    if (warmUp == null) {
      warmUp =
          CompletableFuture.runAsync(
              () -> {
                JitWarmUp.Outcome outcome =
                    JitWarmUp.run(
                        name,
                        warmUpInstances,
                        options.warmUpCalls(),
                        timeout,
                        options.maxResponseBytes(),
                        deadline,
                        WasmOptions.WARM_UP_TIME);
                if (outcome.calls() > 0) {
                  LOG.info(
                      "plugin {}: {} warm-up call(s) in {} ms ({})",
                      name,
                      outcome.calls(),
                      outcome.took().toMillis(),
                      outcome.stoppedBecause());
                }
              },
              builders.executor());
    }
    return warmUp;
  }

  @Override
  public CompletableFuture<ConnectResponse> onConnect(ConnectRequest request, Deadline deadline) {
    return onConnect(EncodedRequest.of(request), deadline);
  }

  /** Queues the call for a worker, which encodes the request unless the chain already has. */
  @Override
  public CompletableFuture<ConnectResponse> onConnect(EncodedRequest request, Deadline deadline) {
    CompletableFuture<ConnectResponse> result = new CompletableFuture<>();
    if (pending.getAndIncrement() >= options.poolSize()) {
      metrics.waited();
    }
    try {
      workers
          .executor()
          .execute(
              () -> {
                try {
                  run(request, deadline, result);
                } finally {
                  pending.decrementAndGet();
                }
              });
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet();
      String why =
          closed
              ? "plugin is closed"
              : "call queue is full (max_queued_calls " + options.maxQueuedCalls() + ")";
      result.completeExceptionally(new PluginUnavailableException(name, why));
    }
    return result;
  }

  private void run(EncodedRequest request, Deadline limit, CompletableFuture<ConnectResponse> out) {
    if (out.isDone()) {
      return;
    }
    PluginInstance instance = null;
    try {
      if (limit.isExpired()) {
        throw new PluginTimeoutException(name, "deadline passed while the call was queued");
      }
      byte[] requestJson = request.json();
      instance = pool.borrow(limit);
      byte[] responseJson = instance.call(requestJson, limit, options.maxResponseBytes());
      ConnectResponse response = decode(responseJson);
      PluginInstance done = instance;
      instance = null;
      String retireReason = retireReason(done);
      if (retireReason == null) {
        pool.release(done);
        out.complete(response);
      } else {
        out.complete(response); // the answer does not wait for the retiring instance's unload
        pool.retire(done, retireReason);
      }
    } catch (PluginException e) {
      discard(instance, e.kind().tag());
      out.completeExceptionally(e);
    } catch (RuntimeException | Error e) {
      discard(instance, "internal");
      out.completeExceptionally(new PluginInternalException(name, "unexpected failure: " + e, e));
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }

  private ConnectResponse decode(byte[] json) {
    try {
      return PluginJson.decodeResponse(json);
    } catch (PluginJson.InvalidPluginJsonException e) {
      throw new PluginResponseException(name, e.getMessage(), e);
    }
  }

  /** Why a healthy instance should be retired after its call, or null to keep it. */
  private @Nullable String retireReason(PluginInstance instance) {
    Integer configured = options.recycleAfterCalls();
    long recycleAfter =
        configured != null
            ? configured
            : instance.releasesBuffers() ? 0 : WasmOptions.DEFAULT_RECYCLE_AFTER_CALLS;
    if (recycleAfter > 0 && instance.calls() >= recycleAfter) {
      return "recycle_calls";
    }
    if (instance.memoryBytes() > (long) options.recycleMemoryMb() << 20) {
      return "recycle_memory";
    }
    return null;
  }

  private void discard(PluginInstance instance, String reason) {
    if (instance != null) {
      pool.discard(instance, reason);
    }
  }

  @Override
  public boolean isReady() {
    return health().ready();
  }

  /**
   * Not ready when closed, when every worker has run guest code more than {@link
   * CallWatchdog#OVERDUE_AFTER} past its deadline (stuck), or when no instance is left and the pool
   * is backing off. Cheap and non-blocking.
   */
  @Override
  public PluginHealth health() {
    if (closed) {
      return PluginHealth.notReady("closed");
    }
    int stuck = watchdog.overdue();
    if (stuck >= options.poolSize()) {
      return PluginHealth.notReady(
          "all "
              + options.poolSize()
              + " instances busy more than "
              + GoDuration.format(CallWatchdog.OVERDUE_AFTER)
              + " past their deadline");
    }
    if (!pool.canServe()) {
      return PluginHealth.notReady("no instance: backing off after failed instance creations");
    }
    return PluginHealth.READY;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.executor().shutdown();
    try {
      long waitMs = timeout.toMillis() + 1000;
      if (!workers.executor().awaitTermination(waitMs, TimeUnit.MILLISECONDS)) {
        workers.executor().shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.executor().shutdownNow();
      Thread.currentThread().interrupt();
    }
    pool.close();
    builders.executor().shutdownNow();
    watchdog.close();
    metrics.remove();
    imports.removeMeters();
  }

  @Override
  public void waited() {
    metrics.waited();
  }

  @Override
  public void retiredIdle(int instances) {
    metrics.retiredIdle(instances);
    LOG.debug("plugin {}: {} idle instance(s) retired", name, instances);
  }

  @Override
  public void replaced(String reason) {
    metrics.replaced(reason);
    LOG.debug("plugin {}: instance replaced ({})", name, reason);
  }

  @Override
  public void backgroundFailure(String what, RuntimeException e) {
    LOG.warn("plugin {}: {}: {}", name, what, e.getMessage());
  }

  @Override
  public void retired(PluginInstance instance, boolean healthy) {
    if (healthy) {
      PluginException failure = instance.unload(Deadline.after(timeout));
      if (failure != null) {
        LOG.warn("plugin {}: signpost_unload failed: {}", name, failure.getMessage());
      }
    }
    instance.close();
  }

  private static byte[] configJson(PluginConfig config) {
    if (config.config().isMissingNode()) {
      return "null".getBytes(StandardCharsets.UTF_8);
    }
    try {
      return PluginJson.mapper().writeValueAsBytes(config.config());
    } catch (JsonProcessingException e) {
      throw new PluginLoadException(config.name(), "cannot encode config as JSON", e);
    }
  }
}
