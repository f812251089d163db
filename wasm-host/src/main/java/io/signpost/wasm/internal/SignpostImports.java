package io.signpost.wasm.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.event.Level;

/**
 * The host functions of the {@code signpost} import module, shared by every instance of one plugin.
 * Thread-safe: instances of the plugin call them from several worker threads at once.
 *
 * <ul>
 *   <li>{@code log(level: i32, ptr: i32, len: i32)}: logs a UTF-8 message under the plugin's
 *       logger; level 0 trace, 1 debug, 2 info, 3 warn, 4 error (others: info).
 *   <li>{@code counter_add(name_ptr: i32, name_len: i32, delta: i64) -> i32}: adds {@code delta} to
 *       the plugin's counter {@code name}, recorded as {@code signpost.plugin.custom} with tags
 *       {@code plugin} and {@code counter}. Returns 0 on success, 1 for an invalid name, 2 when the
 *       plugin already has {@link #MAX_COUNTERS} counters, 3 for a negative delta.
 * </ul>
 */
final class SignpostImports {
  static final String MODULE = "signpost";
  static final FunctionType LOG_TYPE =
      FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of());
  static final FunctionType COUNTER_ADD_TYPE =
      FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I64), List.of(ValType.I32));

  /** Every function of the module, with its type. */
  static final Map<String, FunctionType> FUNCTIONS =
      Map.of("log", LOG_TYPE, "counter_add", COUNTER_ADD_TYPE);

  static final int MAX_COUNTERS = 64;
  static final int MAX_LOG_BYTES = 8192;
  static final String CUSTOM_COUNTER = "signpost.plugin.custom";

  private static final Pattern COUNTER_NAME = Pattern.compile("[a-z][a-z0-9_.]{0,63}");

  private final String pluginName;
  private final GuestLog log;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  SignpostImports(String pluginName, GuestLog log, MeterRegistry registry) {
    this.pluginName = pluginName;
    this.log = log;
    this.registry = registry;
  }

  List<ImportFunction> functions() {
    return List.of(
        new HostFunction(MODULE, "log", LOG_TYPE, this::log),
        new HostFunction(MODULE, "counter_add", COUNTER_ADD_TYPE, this::counterAdd));
  }

  /** The counters the plugin registered, for tests and the close path. */
  Map<String, Counter> counters() {
    return counters;
  }

  private long[] log(Instance instance, long... args) {
    Level level = level((int) args[0]);
    if (!log.isEnabled(level)) {
      return null;
    }
    int len = (int) args[2];
    if (len < 0) {
      throw new TrapException("signpost.log: negative length " + len);
    }
    len = Math.min(len, MAX_LOG_BYTES);
    int ptr = (int) args[1];
    Memory memory = instance.memory();
    if (Integer.toUnsignedLong(ptr) + len > (long) memory.pages() * Memory.PAGE_SIZE) {
      throw new TrapException("signpost.log: out of bounds memory access");
    }
    if (log.admit(level, len)) {
      log.write(level, "", readString(memory, ptr, len));
    }
    return null;
  }

  private long[] counterAdd(Instance instance, long... args) {
    int nameLen = (int) args[1];
    long delta = args[2];
    if (delta < 0) {
      return new long[] {3};
    }
    if (nameLen < 1 || nameLen > 64) {
      return new long[] {1};
    }
    String name = readString(instance.memory(), (int) args[0], nameLen);
    Counter counter = counters.get(name);
    if (counter == null) {
      if (!COUNTER_NAME.matcher(name).matches()) {
        return new long[] {1};
      }
      counter = register(name);
      if (counter == null) {
        return new long[] {2};
      }
    }
    counter.increment(delta);
    return new long[] {0};
  }

  private synchronized Counter register(String name) {
    Counter existing = counters.get(name);
    if (existing != null) {
      return existing;
    }
    if (counters.size() >= MAX_COUNTERS) {
      return null;
    }
    Counter counter =
        Counter.builder(CUSTOM_COUNTER)
            .description("Counters registered by Wasm plugins through signpost.counter_add")
            .tag("plugin", pluginName)
            .tag("counter", name)
            .register(registry);
    counters.put(name, counter);
    return counter;
  }

  void removeMeters() {
    counters.values().forEach(registry::remove);
    counters.clear();
    log.removeMeters();
  }

  /** Reads guest bytes; an out-of-bounds range traps the calling module. */
  private static String readString(Memory memory, int ptr, int len) {
    return new String(memory.readBytes(ptr, len), StandardCharsets.UTF_8);
  }

  private static Level level(int value) {
    return switch (value) {
      case 0 -> Level.TRACE;
      case 1 -> Level.DEBUG;
      case 3 -> Level.WARN;
      case 4 -> Level.ERROR;
      default -> Level.INFO;
    };
  }
}
