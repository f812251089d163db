package io.signpost.wasm;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code wasm:} section of a plugin entry, with defaults applied. Every default lives here.
 *
 * @param path the module file
 * @param poolSize most instances the plugin keeps, and most calls it runs at once; default {@link
 *     #defaultPoolSize()}
 * @param maxMemoryMb cap on each instance's linear memory, in MiB; growth beyond it fails the call
 * @param maxTableElements cap on the elements of all of one instance's tables together, initial and
 *     grown; a module that needs more at start is refused at load, {@code table.grow} beyond it
 *     returns -1 to the guest
 * @param maxModuleMb largest module file accepted, in MiB
 * @param mode compiled (default) or interpreted
 * @param recycleAfterCalls retire an instance after this many calls; 0 never; {@code null} means
 *     automatic: never when the module exports {@code dealloc} or {@code free}, otherwise {@link
 *     #DEFAULT_RECYCLE_AFTER_CALLS}
 * @param recycleMemoryMb retire an instance once its memory exceeds this many MiB after a call;
 *     default three quarters of {@code maxMemoryMb}
 * @param maxResponseBytes largest response a module may return
 * @param maxQueuedCalls calls that may wait for a free worker before new ones are refused
 * @param initTimeout limit for creating one instance: {@code _initialize} plus {@code
 *     signpost_load}
 * @param warmUpCalls synthetic calls made on a throwaway instance before the router serves, so the
 *     JIT has compiled the module's hot paths (at most {@link #WARM_UP_TIME}); 0 makes none
 * @param idleTimeout retire an instance that has been free this long, as long as another free one
 *     stays, so a burst does not hold its instances' memory for good; zero never
 */
public record WasmOptions(
    Path path,
    int poolSize,
    int maxMemoryMb,
    int maxTableElements,
    int maxModuleMb,
    ExecutionMode mode,
    @Nullable Integer recycleAfterCalls,
    int recycleMemoryMb,
    int maxResponseBytes,
    int maxQueuedCalls,
    Duration initTimeout,
    int warmUpCalls,
    Duration idleTimeout) {

  public static final int DEFAULT_MAX_MEMORY_MB = 64;

  /**
   * Default {@code max_table_elements}: about 8 MiB of the router's heap per instance (an element
   * costs 8 bytes). Rust modules use a few hundred elements, large Go modules tens of thousands.
   */
  public static final int DEFAULT_MAX_TABLE_ELEMENTS = 1_000_000;

  /** Largest {@code max_table_elements}: Chicory's limit for one table. */
  public static final int MAX_TABLE_ELEMENTS_LIMIT = 10_000_000;

  public static final int DEFAULT_MAX_MODULE_MB = 64;

  /** Largest {@code max_module_mb}. */
  public static final int MAX_MODULE_MB_LIMIT = 1024;

  public static final int DEFAULT_RECYCLE_AFTER_CALLS = 10_000;
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_QUEUED_CALLS = 1024;
  public static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Default {@code idle_timeout_ms}: long enough that an instance is not retired between the waves
   * of a normal evening, short enough that the instances of a burst give their memory back.
   */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

  /** Longest {@code idle_timeout_ms}: a day. */
  public static final Duration MAX_IDLE_TIMEOUT = Duration.ofDays(1);

  /**
   * Default {@code warm_up_calls}: enough for the JIT to compile a module's hot paths (the Rust
   * example settles after a few thousand calls; docs/benchmarks.md has the figures).
   */
  public static final int DEFAULT_WARM_UP_CALLS = 5_000;

  /** Largest {@code warm_up_calls}. */
  public static final int MAX_WARM_UP_CALLS = 1_000_000;

  /** Most time the synthetic warm-up calls may take, within the router's startup budget. */
  public static final Duration WARM_UP_TIME = Duration.ofSeconds(10);

  /** Largest {@code max_memory_mb}: the 4 GiB a 32-bit Wasm memory can address. */
  public static final int MAX_MEMORY_MB_LIMIT = 4096;

  public WasmOptions {
    requireNonNull(path, "path");
    requireNonNull(mode, "mode");
    requireNonNull(initTimeout, "initTimeout");
    requireNonNull(idleTimeout, "idleTimeout");
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool_size: " + poolSize + " (expected: >= 1)");
    }
    if (maxMemoryMb < 1 || maxMemoryMb > MAX_MEMORY_MB_LIMIT) {
      throw new IllegalArgumentException(
          "max_memory_mb: " + maxMemoryMb + " (expected: 1.." + MAX_MEMORY_MB_LIMIT + ")");
    }
    if (maxTableElements < 0 || maxTableElements > MAX_TABLE_ELEMENTS_LIMIT) {
      throw new IllegalArgumentException(
          "max_table_elements: "
              + maxTableElements
              + " (expected: 0.."
              + MAX_TABLE_ELEMENTS_LIMIT
              + ")");
    }
    if (maxModuleMb < 1 || maxModuleMb > MAX_MODULE_MB_LIMIT) {
      throw new IllegalArgumentException(
          "max_module_mb: " + maxModuleMb + " (expected: 1.." + MAX_MODULE_MB_LIMIT + ")");
    }
    if (recycleAfterCalls != null && recycleAfterCalls < 0) {
      throw new IllegalArgumentException(
          "recycle_after_calls: " + recycleAfterCalls + " (expected: >= 0)");
    }
    if (recycleMemoryMb < 1) {
      throw new IllegalArgumentException(
          "recycle_memory_mb: " + recycleMemoryMb + " (expected: >= 1)");
    }
    if (maxResponseBytes < 2) {
      throw new IllegalArgumentException(
          "max_response_bytes: " + maxResponseBytes + " (expected: >= 2)");
    }
    if (maxQueuedCalls < 0) {
      throw new IllegalArgumentException(
          "max_queued_calls: " + maxQueuedCalls + " (expected: >= 0)");
    }
    if (warmUpCalls < 0 || warmUpCalls > MAX_WARM_UP_CALLS) {
      throw new IllegalArgumentException(
          "warm_up_calls: " + warmUpCalls + " (expected: 0.." + MAX_WARM_UP_CALLS + ")");
    }
    if (initTimeout.isNegative() || initTimeout.isZero()) {
      throw new IllegalArgumentException(
          "init_timeout_ms: " + initTimeout.toMillis() + " (expected: > 0)");
    }
    if (idleTimeout.isNegative() || idleTimeout.compareTo(MAX_IDLE_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "idle_timeout_ms: "
              + idleTimeout.toMillis()
              + " (expected: 0.."
              + MAX_IDLE_TIMEOUT.toMillis()
              + ")");
    }
  }

  /** The defaults for a module at {@code path}. */
  public static WasmOptions of(Path path) {
    return new WasmOptions(
        path,
        defaultPoolSize(),
        DEFAULT_MAX_MEMORY_MB,
        DEFAULT_MAX_TABLE_ELEMENTS,
        DEFAULT_MAX_MODULE_MB,
        ExecutionMode.COMPILED,
        null,
        defaultRecycleMemoryMb(DEFAULT_MAX_MEMORY_MB),
        DEFAULT_MAX_RESPONSE_BYTES,
        DEFAULT_MAX_QUEUED_CALLS,
        DEFAULT_INIT_TIMEOUT,
        DEFAULT_WARM_UP_CALLS,
        DEFAULT_IDLE_TIMEOUT);
  }

  /** The smallest and the largest {@link #defaultPoolSize()}. */
  public static final int DEFAULT_POOL_SIZE_MIN = 4;

  public static final int DEFAULT_POOL_SIZE_MAX = 64;

  /**
   * Default {@code pool_size} on this machine for the default memory cap: see {@link
   * #defaultPoolSize(int, long)}.
   */
  public static int defaultPoolSize() {
    return defaultPoolSize(DEFAULT_MAX_MEMORY_MB, Runtime.getRuntime().maxMemory());
  }

  /**
   * Default {@code pool_size}: four instances per core, at least {@value #DEFAULT_POOL_SIZE_MIN}
   * and at most {@value #DEFAULT_POOL_SIZE_MAX}, and never so many that the instances' linear
   * memories at their cap ({@code max_memory_mb}) could take more than half of the heap (but at
   * least one). Instances are created on demand and retired after {@code idle_timeout_ms} without a
   * call, so the bound costs memory only while that many calls run at once, and for the idle
   * timeout after. Measured with the connect benchmark (docs/benchmarks.md): at 8 clients on 2
   * cores, one instance per core made 40 % of calls wait for an instance and four per core almost
   * none, with 1.1-1.2 times the throughput.
   *
   * @param maxMemoryMb the plugin's {@code max_memory_mb}
   * @param maxHeapBytes the JVM's heap limit ({@link Runtime#maxMemory()})
   */
  public static int defaultPoolSize(int maxMemoryMb, long maxHeapBytes) {
    long fits = (maxHeapBytes / 2) / ((long) maxMemoryMb << 20);
    int byCores = defaultPoolSize(Runtime.getRuntime().availableProcessors());
    return (int) Math.max(1, Math.min(byCores, fits));
  }

  static int defaultPoolSize(int cores) {
    return Math.min(DEFAULT_POOL_SIZE_MAX, Math.max(DEFAULT_POOL_SIZE_MIN, 4 * cores));
  }

  /** Default {@code recycle_memory_mb} for a given cap: three quarters of it, at least 1. */
  public static int defaultRecycleMemoryMb(int maxMemoryMb) {
    return Math.max(1, maxMemoryMb * 3 / 4);
  }

  public WasmOptions withPoolSize(int size) {
    Copy c = new Copy(this);
    c.poolSize = size;
    return c.build();
  }

  /** A copy with another cap; {@code recycle_memory_mb} follows it when it was the default. */
  public WasmOptions withMaxMemoryMb(int mb) {
    Copy c = new Copy(this);
    c.maxMemoryMb = mb;
    if (recycleMemoryMb == defaultRecycleMemoryMb(maxMemoryMb)) {
      c.recycleMemoryMb = defaultRecycleMemoryMb(mb);
    }
    return c.build();
  }

  public WasmOptions withMode(ExecutionMode newMode) {
    Copy c = new Copy(this);
    c.mode = newMode;
    return c.build();
  }

  public WasmOptions withRecycleAfterCalls(@Nullable Integer calls) {
    Copy c = new Copy(this);
    c.recycleAfterCalls = calls;
    return c.build();
  }

  public WasmOptions withRecycleMemoryMb(int mb) {
    Copy c = new Copy(this);
    c.recycleMemoryMb = mb;
    return c.build();
  }

  public WasmOptions withMaxResponseBytes(int bytes) {
    Copy c = new Copy(this);
    c.maxResponseBytes = bytes;
    return c.build();
  }

  public WasmOptions withMaxTableElements(int elements) {
    Copy c = new Copy(this);
    c.maxTableElements = elements;
    return c.build();
  }

  public WasmOptions withMaxModuleMb(int mb) {
    Copy c = new Copy(this);
    c.maxModuleMb = mb;
    return c.build();
  }

  public WasmOptions withInitTimeout(Duration timeout) {
    Copy c = new Copy(this);
    c.initTimeout = timeout;
    return c.build();
  }

  public WasmOptions withWarmUpCalls(int calls) {
    Copy c = new Copy(this);
    c.warmUpCalls = calls;
    return c.build();
  }

  public WasmOptions withIdleTimeout(Duration timeout) {
    Copy c = new Copy(this);
    c.idleTimeout = timeout;
    return c.build();
  }

  /** The fields of one options record, to change one or two and build the copy (checked again). */
  private static final class Copy {
    private final Path path;
    private int poolSize;
    private int maxMemoryMb;
    private int maxTableElements;
    private int maxModuleMb;
    private ExecutionMode mode;
    private @Nullable Integer recycleAfterCalls;
    private int recycleMemoryMb;
    private int maxResponseBytes;
    private final int maxQueuedCalls;
    private Duration initTimeout;
    private int warmUpCalls;
    private Duration idleTimeout;

    private Copy(WasmOptions o) {
      path = o.path;
      poolSize = o.poolSize;
      maxMemoryMb = o.maxMemoryMb;
      maxTableElements = o.maxTableElements;
      maxModuleMb = o.maxModuleMb;
      mode = o.mode;
      recycleAfterCalls = o.recycleAfterCalls;
      recycleMemoryMb = o.recycleMemoryMb;
      maxResponseBytes = o.maxResponseBytes;
      maxQueuedCalls = o.maxQueuedCalls;
      initTimeout = o.initTimeout;
      warmUpCalls = o.warmUpCalls;
      idleTimeout = o.idleTimeout;
    }

    private WasmOptions build() {
      return new WasmOptions(
          path,
          poolSize,
          maxMemoryMb,
          maxTableElements,
          maxModuleMb,
          mode,
          recycleAfterCalls,
          recycleMemoryMb,
          maxResponseBytes,
          maxQueuedCalls,
          initTimeout,
          warmUpCalls,
          idleTimeout);
    }
  }
}
