package io.signpost.wasm.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.Global;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.Table;
import io.signpost.plugin.PluginLoadException;
import java.nio.file.Path;
import java.util.List;

/**
 * The load-time checks that keep an instance's footprint inside its budget: every structure the
 * module declares that an instance allocates on the router's heap (tables, globals, functions,
 * segments) is counted, and features whose allocations the host cannot bound (garbage-collected
 * structs and arrays, exception tags, shared memory, several memories) are refused. What fits here
 * still cannot outgrow the budget at run time: {@link TableBudget} bounds table growth and {@link
 * CappedMemory} bounds memory growth.
 *
 * <p>Each failure names the limit that was crossed.
 */
final class ResourceChecks {
  /** Most tables a module may define. Rust and Go modules define one. */
  static final int MAX_TABLES = 16;

  /** Most globals a module may define. */
  static final int MAX_GLOBALS = 10_000;

  /** Most functions a module may define. */
  static final int MAX_FUNCTIONS = 200_000;

  /** Most data segments a module may define (Go modules define tens of thousands). */
  static final int MAX_DATA_SEGMENTS = 100_000;

  /** Most element segments a module may define. */
  static final int MAX_ELEMENT_SEGMENTS = 10_000;

  private static final int GC_PREFIX = 0xFB;

  private final String pluginName;
  private final Path path;
  private final WasmModule module;

  ResourceChecks(String pluginName, Path path, WasmModule module) {
    this.pluginName = pluginName;
    this.path = path;
    this.module = module;
  }

  /** Runs every check. */
  void check(int maxTableElements) {
    features();
    counts();
    tables(maxTableElements);
    elements(maxTableElements);
  }

  private void features() {
    for (int i = 0; i < module.typeSection().subTypeCount(); i++) {
      if (module.typeSection().getSubType(i).compType().funcType() == null) {
        throw fail(
            "declares struct or array type " + i + " (garbage-collected types are not supported)");
      }
    }
    if (module.tagSection().isPresent() && module.tagSection().get().tagCount() > 0) {
      throw fail("declares exception tags (exception handling is not supported)");
    }
    module
        .memorySection()
        .ifPresent(
            memories -> {
              if (memories.memoryCount() > 1) {
                throw fail(
                    "defines " + memories.memoryCount() + " memories (expected: exactly one)");
              }
              if (memories.memoryCount() == 1 && memories.getMemory(0).limits().shared()) {
                throw fail("defines a shared memory (threads are not supported)");
              }
            });
    FunctionBody[] bodies = module.codeSection().functionBodies();
    for (int f = 0; f < bodies.length; f++) {
      gcFree(bodies[f].instructions(), "function " + f);
    }
    Global[] globals = module.globalSection().globals();
    for (int g = 0; g < globals.length; g++) {
      gcFree(globals[g].initInstructions(), "the initializer of global " + g);
    }
    Element[] elements = module.elementSection().elements();
    for (int e = 0; e < elements.length; e++) {
      for (List<Instruction> init : elements[e].initializers()) {
        gcFree(init, "element segment " + e);
      }
    }
  }

  private void gcFree(List<? extends Instruction> instructions, String where) {
    for (Instruction instruction : instructions) {
      if (instruction.opcode().opcode() >> 8 == GC_PREFIX) {
        throw fail(
            where
                + " uses "
                + instruction.opcode().name().toLowerCase(java.util.Locale.ROOT)
                + " (garbage-collected references are not supported)");
      }
    }
  }

  private void counts() {
    count("tables", module.tableSection().tableCount(), MAX_TABLES);
    count("globals", module.globalSection().globalCount(), MAX_GLOBALS);
    count("functions", module.functionSection().functionCount(), MAX_FUNCTIONS);
    count("data segments", module.dataSection().dataSegmentCount(), MAX_DATA_SEGMENTS);
    count("element segments", module.elementSection().elementCount(), MAX_ELEMENT_SEGMENTS);
  }

  private void count(String what, int count, int max) {
    if (count > max) {
      throw fail(
          "defines "
              + count
              + " "
              + what
              + ", over the limit of "
              + max
              + " "
              + what
              + " a module");
    }
  }

  private void tables(int maxTableElements) {
    long initial = 0;
    for (int i = 0; i < module.tableSection().tableCount(); i++) {
      Table table = module.tableSection().getTable(i);
      initial += table.limits().min();
    }
    if (initial > maxTableElements) {
      throw fail(
          "needs "
              + initial
              + " table elements at start, over max_table_elements ("
              + maxTableElements
              + ")");
    }
  }

  private void elements(int maxTableElements) {
    long entries = 0;
    for (Element element : module.elementSection().elements()) {
      entries += element.elementCount();
    }
    if (entries > maxTableElements) {
      throw fail(
          "element segments hold "
              + entries
              + " entries, over max_table_elements ("
              + maxTableElements
              + ")");
    }
  }

  private PluginLoadException fail(String message) {
    return new PluginLoadException(pluginName, path + ": " + message);
  }
}
