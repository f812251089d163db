package io.signpost.wasm.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.signpost.plugin.PluginLoadException;
import java.nio.file.Path;
import java.util.Map;

/** The load-time checks of a module against Signpost's ABI; each failure names the culprit. */
final class ModuleChecks {
  private static final Map<String, FunctionType> OPTIONAL =
      Map.of(
          "_initialize", PluginModule.NO_ARGS,
          "signpost_load", PluginModule.LOAD,
          "signpost_unload", PluginModule.NO_ARGS,
          "dealloc", PluginModule.DEALLOC,
          "free", PluginModule.FREE);

  private final String pluginName;
  private final Path path;
  private final WasmModule module;
  private final Map<String, FunctionType> exports;

  ModuleChecks(String pluginName, Path path, WasmModule module, Map<String, FunctionType> exports) {
    this.pluginName = pluginName;
    this.path = path;
    this.module = module;
    this.exports = exports;
  }

  void imports() {
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      String name = PluginModule.describe(imp);
      if (imp.importType() != ExternalType.FUNCTION) {
        throw fail(
            "imports "
                + imp.importType().name().toLowerCase(java.util.Locale.ROOT)
                + " "
                + name
                + " (expected: only functions from wasi_snapshot_preview1 and signpost)");
      }
      boolean provided =
          switch (imp.module()) {
            case WasiImports.MODULE -> WasiImports.FUNCTIONS.contains(imp.name());
            case SignpostImports.MODULE -> SignpostImports.FUNCTIONS.containsKey(imp.name());
            default -> false;
          };
      if (!provided) {
        throw fail(
            "imports "
                + name
                + ", which the host does not provide (available: "
                + "wasi_snapshot_preview1.*, signpost.log, signpost.counter_add)");
      }
      FunctionType hostType = SignpostImports.FUNCTIONS.get(imp.name());
      if (imp.module().equals(SignpostImports.MODULE)) {
        FunctionType wanted = module.typeSection().getType(((FunctionImport) imp).typeIndex());
        if (!wanted.equals(hostType)) {
          throw fail("imports " + name + " with type " + wanted + " (expected: " + hostType + ")");
        }
      }
    }
  }

  void requiredExports() {
    if (!PluginModule.exportsMemory(module)) {
      throw fail("missing required export: memory (expected: the module exports its memory)");
    }
    require("alloc", PluginModule.ALLOC);
    require("on_connect", PluginModule.ON_CONNECT);
  }

  void optionalExports() {
    OPTIONAL.forEach(
        (name, expected) -> {
          FunctionType actual = exports.get(name);
          if (actual != null && !actual.equals(expected)) {
            throw fail("export " + name + " has type " + actual + " (expected: " + expected + ")");
          }
        });
  }

  MemoryLimits memoryLimits(int maxMemoryMb) {
    if (module.memorySection().isEmpty() || module.memorySection().get().memoryCount() == 0) {
      throw fail("defines no memory (expected: the module defines and exports memory)");
    }
    MemoryLimits declared = module.memorySection().get().getMemory(0).limits();
    int capPages = maxMemoryMb * 16;
    if (declared.initialPages() > capPages) {
      throw fail(
          "needs "
              + declared.initialPages()
              + " pages ("
              + declared.initialPages() / 16
              + " MiB) of memory at start, over max_memory_mb ("
              + maxMemoryMb
              + ")");
    }
    return new MemoryLimits(
        declared.initialPages(), Math.min(declared.maximumPages(), capPages), declared.shared());
  }

  private void require(String name, FunctionType expected) {
    FunctionType actual = exports.get(name);
    if (actual == null) {
      throw fail("missing required export: " + name + " (expected: " + expected + ")");
    }
    if (!actual.equals(expected)) {
      throw fail("export " + name + " has type " + actual + " (expected: " + expected + ")");
    }
  }

  private PluginLoadException fail(String message) {
    return new PluginLoadException(pluginName, path + ": " + message);
  }
}
