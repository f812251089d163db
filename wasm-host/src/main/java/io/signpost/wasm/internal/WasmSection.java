package io.signpost.wasm.internal;

import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigNode;
import io.signpost.file.BoundedFiles;
import io.signpost.wasm.ExecutionMode;
import io.signpost.wasm.WasmOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/** Reads and checks the {@code wasm:} section of a plugin entry. */
public final class WasmSection {

  /** Every key the section accepts. */
  public static final Set<String> KEYS =
      Set.of(
          "path",
          "pool_size",
          "max_memory_mb",
          "max_table_elements",
          "max_module_mb",
          "mode",
          "recycle_after_calls",
          "recycle_memory_mb",
          "max_response_bytes",
          "max_queued_calls",
          "init_timeout_ms",
          "warm_up_calls",
          "idle_timeout_ms");

  private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};

  private WasmSection() {}

  /**
   * Reads the section, reporting every problem on {@code section} with its path (for example {@code
   * plugins[1].wasm.pool_size}). The defaults are {@link WasmOptions}'.
   *
   * @return the options, or {@code null} when there was an error
   */
  public static @Nullable WasmOptions read(ConfigNode section) {
    long errors = section.errorCount();
    if (!section.isPresent()) {
      section.get("path").error("missing (expected: a .wasm file)");
      return null;
    }
    if (!section.json().isObject()) {
      section.error("not an object (expected: path and options)");
      return null;
    }
    section.warnUnknownKeys(KEYS);
    Path path = readPath(section.get("path"));
    Integer maxMemory =
        section
            .get("max_memory_mb")
            .integerIn(WasmOptions.DEFAULT_MAX_MEMORY_MB, 1, WasmOptions.MAX_MEMORY_MB_LIMIT);
    int memoryCap = maxMemory == null ? WasmOptions.DEFAULT_MAX_MEMORY_MB : maxMemory;
    Integer poolSize =
        section
            .get("pool_size")
            .integerIn(
                WasmOptions.defaultPoolSize(memoryCap, Runtime.getRuntime().maxMemory()), 1, 1024);
    Integer maxTableElements =
        section
            .get("max_table_elements")
            .integerIn(
                WasmOptions.DEFAULT_MAX_TABLE_ELEMENTS, 0, WasmOptions.MAX_TABLE_ELEMENTS_LIMIT);
    Integer maxModuleMb =
        section
            .get("max_module_mb")
            .integerIn(WasmOptions.DEFAULT_MAX_MODULE_MB, 1, WasmOptions.MAX_MODULE_MB_LIMIT);
    ExecutionMode mode =
        section.get("mode").choice(ExecutionMode.spellings(), ExecutionMode.COMPILED);
    ConfigNode recycleAfter = section.get("recycle_after_calls");
    Integer recycleCalls =
        recycleAfter.isPresent() ? recycleAfter.integerIn(0, 0, Integer.MAX_VALUE) : null;
    Integer recycleMemory =
        section
            .get("recycle_memory_mb")
            .integerIn(WasmOptions.defaultRecycleMemoryMb(memoryCap), 1, memoryCap);
    Integer maxResponse =
        section
            .get("max_response_bytes")
            .integerIn(WasmOptions.DEFAULT_MAX_RESPONSE_BYTES, 2, 64 << 20);
    Integer maxQueued =
        section.get("max_queued_calls").integerIn(WasmOptions.DEFAULT_MAX_QUEUED_CALLS, 0, 1 << 20);
    Integer warmUpCalls =
        section
            .get("warm_up_calls")
            .integerIn(WasmOptions.DEFAULT_WARM_UP_CALLS, 0, WasmOptions.MAX_WARM_UP_CALLS);
    Integer initTimeoutMs =
        section
            .get("init_timeout_ms")
            .integerIn((int) WasmOptions.DEFAULT_INIT_TIMEOUT.toMillis(), 1, 600_000);
    Integer idleTimeoutMs =
        section
            .get("idle_timeout_ms")
            .integerIn(
                (int) WasmOptions.DEFAULT_IDLE_TIMEOUT.toMillis(),
                0,
                (int) WasmOptions.MAX_IDLE_TIMEOUT.toMillis());
    if (path != null && maxModuleMb != null) {
      try {
        BoundedFiles.check(path, (long) maxModuleMb << 20, "a Wasm module (max_module_mb)");
      } catch (IOException e) {
        section.get("path").error(e.getMessage());
      }
    }
    if (section.errorCount() > errors || path == null) {
      return null;
    }
    return new WasmOptions(
        path,
        poolSize,
        maxMemory,
        maxTableElements,
        maxModuleMb,
        mode,
        recycleCalls,
        recycleMemory,
        maxResponse,
        maxQueued,
        Duration.ofMillis(initTimeoutMs),
        warmUpCalls,
        Duration.ofMillis(idleTimeoutMs));
  }

  private static @Nullable Path readPath(ConfigNode node) {
    if (!node.isPresent() || (node.json().isTextual() && node.json().asText().isBlank())) {
      node.error("missing (expected: a .wasm file)");
      return null;
    }
    if (!node.json().isTextual()) {
      node.error(node.json() + " (expected: a string naming a .wasm file)");
      return null;
    }
    Path path = Path.of(node.json().asText());
    if (!Files.exists(path)) {
      node.error("file not found: " + path + " (expected: a .wasm file)");
      return null;
    }
    try {
      BoundedFiles.check(path, BoundedFiles.MAX_CAP, "a Wasm module");
    } catch (IOException e) {
      node.error(e.getMessage() + " (expected: a .wasm file)");
      return null;
    }
    String magicProblem = checkMagic(path);
    if (magicProblem != null) {
      node.error(magicProblem);
      return null;
    }
    return path;
  }

  /** Why {@code path} is not a Wasm binary, or {@code null} when it starts like one. */
  static @Nullable String checkMagic(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return startsWithMagic(in.readNBytes(WASM_MAGIC.length)) ? null : notWasm(path);
    } catch (IOException e) {
      return "cannot read " + path + ": " + e.getMessage() + " (expected: a readable .wasm file)";
    }
  }

  /** Whether {@code bytes} begin with the WebAssembly magic number {@code \0asm}. */
  static boolean startsWithMagic(byte[] bytes) {
    return bytes.length >= WASM_MAGIC.length
        && Arrays.equals(bytes, 0, WASM_MAGIC.length, WASM_MAGIC, 0, WASM_MAGIC.length);
  }

  /** The problem of a file that does not begin with the magic number. */
  static String notWasm(Path path) {
    return path + " is not a WebAssembly module (expected: a .wasm file starting with \\0asm)";
  }
}
