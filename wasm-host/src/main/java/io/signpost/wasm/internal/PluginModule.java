package io.signpost.wasm.internal;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import io.signpost.file.BoundedFiles;
import io.signpost.plugin.PluginLoadException;
import io.signpost.wasm.ExecutionMode;
import io.signpost.wasm.WasmOptions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin's module, parsed, checked and (in compiled mode) compiled once; every instance of the
 * plugin is made from it. Immutable and thread-safe.
 */
final class PluginModule {
  private static final Logger LOG = LoggerFactory.getLogger(PluginModule.class);

  static final FunctionType ALLOC = type(List.of(ValType.I32), List.of(ValType.I32));
  static final FunctionType ON_CONNECT =
      type(List.of(ValType.I32, ValType.I32), List.of(ValType.I64));
  static final FunctionType NO_ARGS = type(List.of(), List.of());
  static final FunctionType LOAD = type(List.of(ValType.I32, ValType.I32), List.of(ValType.I32));
  static final FunctionType DEALLOC = type(List.of(ValType.I32, ValType.I32), List.of());
  static final FunctionType FREE = type(List.of(ValType.I32), List.of());

  final String pluginName;
  final Path path;
  final WasmModule module;
  final ExecutionMode mode;
  final Function<Instance, Machine> machineFactory;
  final MemoryLimits memoryLimits;
  final int maxTableElements;
  final Map<String, FunctionType> functionExports;

  private PluginModule(
      String pluginName,
      Path path,
      WasmModule module,
      ExecutionMode mode,
      Function<Instance, Machine> machineFactory,
      MemoryLimits memoryLimits,
      int maxTableElements,
      Map<String, FunctionType> functionExports) {
    this.pluginName = pluginName;
    this.path = path;
    this.module = module;
    this.mode = mode;
    this.machineFactory = machineFactory;
    this.memoryLimits = memoryLimits;
    this.maxTableElements = maxTableElements;
    this.functionExports = functionExports;
  }

  /**
   * Reads, checks and compiles the module. Blocks: compiling a large module takes seconds.
   *
   * @throws PluginLoadException naming the plugin, the file and the cause
   */
  static PluginModule load(String pluginName, WasmOptions options) {
    Path path = options.path();
    WasmModule module = parse(pluginName, path, options.maxModuleMb());
    Map<String, FunctionType> exports = functionExports(module);
    ModuleChecks checks = new ModuleChecks(pluginName, path, module, exports);
    checks.imports();
    checks.requiredExports();
    checks.optionalExports();
    MemoryLimits limits = checks.memoryLimits(options.maxMemoryMb());
    new ResourceChecks(pluginName, path, module).check(options.maxTableElements());
    Function<Instance, Machine> machines = BoundedInterpreter::new;
    ExecutionMode mode = options.mode();
    if (mode == ExecutionMode.COMPILED) {
      try {
        machines =
            MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.FAIL)
                .compile();
      } catch (ChicoryException | IllegalStateException e) {
        // Chicory would interpret the functions it cannot compile with an interpreter whose
        // frames are not bounded; the bounded one runs the whole module instead.
        LOG.warn(
            "plugin {}: {}: not every function can be compiled ({}); running the module in the"
                + " interpreter",
            pluginName,
            path,
            e.getMessage());
        mode = ExecutionMode.INTERPRETED;
      }
    }
    return new PluginModule(
        pluginName, path, module, mode, machines, limits, options.maxTableElements(), exports);
  }

  boolean exports(String name) {
    return functionExports.containsKey(name);
  }

  private static WasmModule parse(String pluginName, Path path, int maxModuleMb) {
    byte[] bytes;
    try {
      bytes = BoundedFiles.read(path, (long) maxModuleMb << 20, "a Wasm module (max_module_mb)");
    } catch (BoundedFiles.RefusedFileException e) {
      throw new PluginLoadException(pluginName, e.getMessage() + " (expected: a .wasm file)", e);
    } catch (NoSuchFileException e) {
      throw new PluginLoadException(
          pluginName, "file not found: " + path + " (expected: a .wasm file)", e);
    } catch (IOException e) {
      throw new PluginLoadException(pluginName, "cannot read " + path + ": " + e.getMessage(), e);
    }
    if (!WasmSection.startsWithMagic(bytes)) {
      throw new PluginLoadException(pluginName, WasmSection.notWasm(path));
    }
    try {
      return Parser.parse(bytes);
    } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new PluginLoadException(
          pluginName, path + " is not a valid WebAssembly module: " + e.getMessage(), e);
    }
  }

  private static Map<String, FunctionType> functionExports(WasmModule module) {
    int imported = module.importSection().count(ExternalType.FUNCTION);
    List<Integer> importTypes =
        module.importSection().stream()
            .filter(i -> i.importType() == ExternalType.FUNCTION)
            .map(i -> ((FunctionImport) i).typeIndex())
            .toList();
    Map<String, FunctionType> result = new HashMap<>();
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export export = module.exportSection().getExport(i);
      if (export.exportType() != ExternalType.FUNCTION) {
        continue;
      }
      int index = export.index();
      int typeIndex =
          index < imported
              ? importTypes.get(index)
              : module.functionSection().getFunctionType(index - imported);
      result.put(export.name(), module.typeSection().getType(typeIndex));
    }
    return result;
  }

  static boolean exportsMemory(WasmModule module) {
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export export = module.exportSection().getExport(i);
      if (export.exportType() == ExternalType.MEMORY && export.name().equals("memory")) {
        return true;
      }
    }
    return false;
  }

  static String describe(Import imp) {
    return imp.module() + "." + imp.name();
  }

  private static FunctionType type(List<ValType> params, List<ValType> returns) {
    return FunctionType.of(params, returns);
  }
}
