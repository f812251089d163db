package io.signpost.wasm.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiPreview1;
import io.signpost.annotation.Nullable;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginException;
import io.signpost.plugin.PluginResponseException;
import io.signpost.plugin.PluginTimeoutException;
import io.signpost.plugin.PluginTrapException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One Chicory instance of a plugin's module with its own WASI state and capped memory.
 *
 * <p>Not thread-safe: Chicory instances corrupt themselves when two threads call them. The {@link
 * InstancePool} hands an instance to one caller at a time. Every guest call runs under a {@link
 * CallWatchdog} limit. Any failure leaves the instance unusable: callers discard it.
 */
final class PluginInstance implements AutoCloseable {
  private final PluginModule module;
  private final InstanceServices services;
  private final WasiPreview1 wasi;
  private final GuestOutput stdout;
  private final GuestOutput stderr;
  private final TableBudget tables;
  private CappedMemory memory;
  private Instance instance;
  private ExportFunction alloc;
  private ExportFunction onConnect;
  private @Nullable ExportFunction dealloc;
  private @Nullable ExportFunction free;
  private long calls;

  private PluginInstance(PluginModule module, InstanceServices services) {
    this.module = module;
    this.services = services;
    this.stdout = WasiImports.stdout(services.guestLog());
    this.stderr = WasiImports.stderr(services.guestLog());
    this.wasi = WasiImports.create(services.guestLog().logger(), stdout, stderr);
    this.tables = new TableBudget(module.maxTableElements);
  }

  /**
   * Instantiates the module, runs {@code _initialize} and {@code signpost_load} (when exported),
   * all within {@code limit}. Blocks.
   *
   * @throws PluginException when a step traps, exits, times out or the load hook refuses
   */
  static PluginInstance create(
      PluginModule module, InstanceServices services, byte[] configJson, Deadline limit) {
    PluginInstance created = new PluginInstance(module, services);
    try {
      created.start(configJson, limit);
      return created;
    } catch (RuntimeException | StackOverflowError e) {
      created.close();
      throw e;
    }
  }

  private void start(byte[] configJson, Deadline limit) {
    List<ImportFunction> functions =
        new ArrayList<>(
            new HostCallBounds(stdout, stderr, new SecureRandom()).apply(wasi.toHostFunctions()));
    functions.addAll(services.signpost().functions());
    ImportValues imports = ImportValues.builder().withFunctions(functions).build();
    Instance.Builder builder =
        Instance.builder(module.module)
            .withImportValues(imports)
            .withMemoryLimits(module.memoryLimits)
            .withMemoryFactory(limits -> memory = new CappedMemory(limits))
            .withTableFactory(tables)
            .withStart(false);
    builder.withMachineFactory(module.machineFactory);
    builder.withUnsafeExecutionListener(InterruptCheck.INSTANCE);
    instance = guarded("instantiation", limit, builder::build);
    alloc = instance.export("alloc");
    onConnect = instance.export("on_connect");
    dealloc = module.exports("dealloc") ? instance.export("dealloc") : null;
    free = module.exports("free") ? instance.export("free") : null;
    if (module.exports("_initialize")) {
      guarded("_initialize", limit, () -> instance.export("_initialize").apply());
    }
    if (module.exports("signpost_load")) {
      load(configJson, limit);
    }
  }

  private void load(byte[] configJson, Deadline limit) {
    long status =
        guarded(
            "signpost_load",
            limit,
            () -> {
              int ptr = write(configJson, "signpost_load");
              long result = instance.export("signpost_load").apply(ptr, configJson.length)[0];
              release(ptr, configJson.length);
              return result;
            });
    if (status != 0) {
      throw new PluginTrapException(
          module.pluginName, "signpost_load returned status " + status + " (expected: 0)");
    }
  }

  /**
   * Calls {@code on_connect} with a request and returns the response bytes, handing both buffers
   * back to the module when it exports {@code dealloc} or {@code free}.
   *
   * @throws PluginTimeoutException when the limit stopped the module
   * @throws PluginTrapException on a trap, exit or refused memory growth
   * @throws PluginResponseException on out-of-bounds buffers or an oversized response
   */
  byte[] call(byte[] request, Deadline limit, int maxResponseBytes) {
    byte[] response = guarded("on_connect", limit, () -> onConnect(request, maxResponseBytes));
    calls++;
    return response;
  }

  private byte[] onConnect(byte[] request, int maxResponseBytes) {
    int ptr = write(request, "on_connect");
    long packed = onConnect.apply(ptr, request.length)[0];
    release(ptr, request.length);
    long respPtr = packed >>> 32;
    long respLen = packed & 0xFFFF_FFFFL;
    if (respLen > maxResponseBytes) {
      throw new PluginResponseException(
          module.pluginName,
          "response length ("
              + respLen
              + ") exceeds the allowed maximum ("
              + maxResponseBytes
              + ")");
    }
    checkRange(respPtr, respLen, "on_connect returned a response");
    byte[] response = memory.readBytes((int) respPtr, (int) respLen);
    release((int) respPtr, (int) respLen);
    return response;
  }

  /** Calls {@code signpost_unload} when exported. Failures are returned, not thrown. */
  @Nullable
  PluginException unload(Deadline limit) {
    if (instance == null || !module.exports("signpost_unload")) {
      return null;
    }
    try {
      guarded("signpost_unload", limit, () -> instance.export("signpost_unload").apply());
      return null;
    } catch (PluginException e) {
      return e;
    }
  }

  long calls() {
    return calls;
  }

  long memoryBytes() {
    return memory == null ? 0 : memory.byteSize();
  }

  boolean releasesBuffers() {
    return dealloc != null || free != null;
  }

  @Override
  public void close() {
    stdout.flush();
    stderr.flush();
    wasi.close();
  }

  private int write(byte[] data, String during) {
    long ptr = alloc.apply(data.length)[0] & 0xFFFF_FFFFL;
    if (ptr == 0 && data.length > 0) {
      throw new PluginResponseException(
          module.pluginName, "alloc(" + data.length + ") returned 0 during " + during);
    }
    checkRange(ptr, data.length, "alloc(" + data.length + ") returned a buffer");
    memory.write((int) ptr, data);
    return (int) ptr;
  }

  private void release(int ptr, int len) {
    if (dealloc != null) {
      dealloc.apply(ptr, len);
    } else if (free != null) {
      free.apply(ptr);
    }
  }

  private void checkRange(long ptr, long len, String what) {
    long size = memory.byteSize();
    if (ptr + len > size) {
      throw new PluginResponseException(
          module.pluginName,
          what
              + " at ["
              + ptr
              + ", "
              + (ptr + len)
              + ") outside the module's memory ("
              + size
              + " bytes)");
    }
  }

  private <T> T guarded(String during, Deadline limit, Supplier<T> guestCode) {
    if (memory != null) {
      memory.clearGrowthRefused();
    }
    tables.clearGrowthRefused();
    try (CallWatchdog.Limit armed = services.watchdog().arm(limit)) {
      try {
        return guestCode.get();
      } catch (PluginException e) {
        throw e;
      } catch (RuntimeException | StackOverflowError e) {
        throw classify(during, e, armed.fired());
      }
    }
  }

  private PluginException classify(String during, Throwable e, boolean timedOut) {
    String name = module.pluginName;
    if (timedOut) {
      // Whatever the guest or a host function made of the interrupt, the limit stopped it.
      return new PluginTimeoutException(name, during + " stopped at its time limit", e);
    }
    if (isInterruption(e)) {
      return new PluginTimeoutException(name, during + " interrupted", e);
    }
    if (e instanceof WasiExitException exit) {
      return new PluginTrapException(
          name, "module exited with code " + exit.exitCode() + " during " + during, e);
    }
    if (memory != null && memory.growthRefused()) {
      return new PluginTrapException(
          name,
          "memory limit reached during "
              + during
              + ": the module asked for more than "
              + memory.maximumPages() / 16
              + " MiB (max_memory_mb)",
          e);
    }
    if (tables.growthRefused()) {
      return new PluginTrapException(
          name,
          "table limit reached during "
              + during
              + ": the module asked for more than "
              + tables.maxElements()
              + " table elements (max_table_elements)",
          e);
    }
    if (e instanceof StackOverflowError) {
      return new PluginTrapException(name, "call stack exhausted during " + during, e);
    }
    return new PluginTrapException(name, "trap during " + during + ": " + e.getMessage(), e);
  }

  private static boolean isInterruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ChicoryInterruptedException) {
        return true;
      }
    }
    return false;
  }
}
