package io.signpost.wasm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigProblem;
import io.signpost.configtree.UnknownKeys;
import io.signpost.file.BoundedFiles;
import io.signpost.wasm.ExecutionMode;
import io.signpost.wasm.WasmOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
          "init_timeout_ms");

  private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};

  private WasmSection() {}

  /**
   * Reads the section, adding every problem to {@code problems} with a path below {@code
   * sectionPath} (for example {@code plugins[1].wasm}).
   *
   * @return the options, or {@code null} when there was an error
   */
  public static @Nullable WasmOptions read(
      JsonNode section, String sectionPath, List<ConfigProblem> problems) {
    int before = problems.size();
    if (section.isMissingNode() || section.isNull()) {
      problems.add(ConfigProblem.error(sectionPath + ".path", "missing (expected: a .wasm file)"));
      return null;
    }
    if (!section.isObject()) {
      problems.add(ConfigProblem.error(sectionPath, "not an object (expected: path and options)"));
      return null;
    }
    UnknownKeys.errors(section, sectionPath, KEYS, problems);
    Path path = readPath(section.get("path"), sectionPath + ".path", problems);
    int poolSize =
        readInt(
            section, "pool_size", WasmOptions.defaultPoolSize(), 1, 1024, sectionPath, problems);
    int maxMemory =
        readInt(
            section,
            "max_memory_mb",
            WasmOptions.DEFAULT_MAX_MEMORY_MB,
            1,
            WasmOptions.MAX_MEMORY_MB_LIMIT,
            sectionPath,
            problems);
    int maxTableElements =
        readInt(
            section,
            "max_table_elements",
            WasmOptions.DEFAULT_MAX_TABLE_ELEMENTS,
            0,
            WasmOptions.MAX_TABLE_ELEMENTS_LIMIT,
            sectionPath,
            problems);
    int maxModuleMb =
        readInt(
            section,
            "max_module_mb",
            WasmOptions.DEFAULT_MAX_MODULE_MB,
            1,
            WasmOptions.MAX_MODULE_MB_LIMIT,
            sectionPath,
            problems);
    ExecutionMode mode = readMode(section.get("mode"), sectionPath + ".mode", problems);
    Integer recycleCalls =
        section.has("recycle_after_calls")
            ? readInt(
                section, "recycle_after_calls", 0, 0, Integer.MAX_VALUE, sectionPath, problems)
            : null;
    int recycleMemory =
        readInt(
            section,
            "recycle_memory_mb",
            WasmOptions.defaultRecycleMemoryMb(maxMemory),
            1,
            maxMemory,
            sectionPath,
            problems);
    int maxResponse =
        readInt(
            section,
            "max_response_bytes",
            WasmOptions.DEFAULT_MAX_RESPONSE_BYTES,
            2,
            64 << 20,
            sectionPath,
            problems);
    int maxQueued =
        readInt(
            section,
            "max_queued_calls",
            WasmOptions.DEFAULT_MAX_QUEUED_CALLS,
            0,
            1 << 20,
            sectionPath,
            problems);
    int initTimeoutMs =
        readInt(
            section,
            "init_timeout_ms",
            (int) WasmOptions.DEFAULT_INIT_TIMEOUT.toMillis(),
            1,
            600_000,
            sectionPath,
            problems);
    if (path != null) {
      try {
        BoundedFiles.check(path, (long) maxModuleMb << 20, "a Wasm module (max_module_mb)");
      } catch (IOException e) {
        problems.add(ConfigProblem.error(sectionPath + ".path", e.getMessage()));
      }
    }
    if (problems.size() > before || path == null) {
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
        Duration.ofMillis(initTimeoutMs));
  }

  private static @Nullable Path readPath(
      @Nullable JsonNode node, String where, List<ConfigProblem> problems) {
    if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
      problems.add(ConfigProblem.error(where, "missing (expected: a .wasm file)"));
      return null;
    }
    if (!node.isTextual()) {
      problems.add(ConfigProblem.error(where, node + " (expected: a string naming a .wasm file)"));
      return null;
    }
    Path path = Path.of(node.asText());
    if (!Files.exists(path)) {
      problems.add(
          ConfigProblem.error(where, "file not found: " + path + " (expected: a .wasm file)"));
      return null;
    }
    try {
      BoundedFiles.check(path, BoundedFiles.MAX_CAP, "a Wasm module");
    } catch (IOException e) {
      problems.add(ConfigProblem.error(where, e.getMessage() + " (expected: a .wasm file)"));
      return null;
    }
    String magicProblem = checkMagic(path);
    if (magicProblem != null) {
      problems.add(ConfigProblem.error(where, magicProblem));
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

  private static ExecutionMode readMode(
      @Nullable JsonNode node, String where, List<ConfigProblem> problems) {
    if (node == null || node.isNull()) {
      return ExecutionMode.COMPILED;
    }
    try {
      return ExecutionMode.parse(node.asText());
    } catch (IllegalArgumentException e) {
      problems.add(ConfigProblem.error(where, node + " (expected: compiled or interpreted)"));
      return ExecutionMode.COMPILED;
    }
  }

  private static int readInt(
      JsonNode section,
      String key,
      int defaultValue,
      int min,
      int max,
      String sectionPath,
      List<ConfigProblem> problems) {
    JsonNode node = section.get(key);
    if (node == null || node.isNull()) {
      return defaultValue;
    }
    if (!node.canConvertToInt()
        || !node.isIntegralNumber()
        || node.asInt() < min
        || node.asInt() > max) {
      problems.add(
          ConfigProblem.error(
              sectionPath + "." + key,
              node + " (expected: an integer in " + min + ".." + max + ")"));
      return defaultValue;
    }
    return node.asInt();
  }
}
