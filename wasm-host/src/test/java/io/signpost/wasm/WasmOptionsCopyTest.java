package io.signpost.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each {@code with*} copy changes its own field and keeps every other one. */
class WasmOptionsCopyTest {
  private final WasmOptions base =
      WasmOptions.of(Path.of("plugin.wasm"))
          .withPoolSize(3)
          .withMaxMemoryMb(32)
          .withRecycleAfterCalls(1000)
          .withMaxResponseBytes(4096)
          .withMaxTableElements(500)
          .withMaxModuleMb(7)
          .withInitTimeout(Duration.ofSeconds(3))
          .withWarmUpCalls(11)
          .withIdleTimeout(Duration.ofSeconds(90));

  @Test
  void everyCopyChangesOnlyItsField() throws Exception {
    Map<String, UnaryOperator<WasmOptions>> copies = new LinkedHashMap<>();
    copies.put("poolSize", o -> o.withPoolSize(5));
    copies.put("mode", o -> o.withMode(otherMode(o.mode())));
    copies.put("recycleAfterCalls", o -> o.withRecycleAfterCalls(null));
    copies.put("recycleMemoryMb", o -> o.withRecycleMemoryMb(9));
    copies.put("maxResponseBytes", o -> o.withMaxResponseBytes(8192));
    copies.put("maxTableElements", o -> o.withMaxTableElements(900));
    copies.put("maxModuleMb", o -> o.withMaxModuleMb(8));
    copies.put("initTimeout", o -> o.withInitTimeout(Duration.ofSeconds(4)));
    copies.put("warmUpCalls", o -> o.withWarmUpCalls(12));
    copies.put("idleTimeout", o -> o.withIdleTimeout(Duration.ZERO));
    for (Map.Entry<String, UnaryOperator<WasmOptions>> copy : copies.entrySet()) {
      WasmOptions changed = copy.getValue().apply(base);
      for (RecordComponent component : WasmOptions.class.getRecordComponents()) {
        Object before = component.getAccessor().invoke(base);
        Object after = component.getAccessor().invoke(changed);
        if (component.getName().equals(copy.getKey())) {
          assertThat(after).as("%s changed by its copy", copy.getKey()).isNotEqualTo(before);
        } else {
          assertThat(after)
              .as("%s kept by the copy of %s", component.getName(), copy.getKey())
              .isEqualTo(before);
        }
      }
    }
  }

  @Test
  void theMemoryCapCarriesADefaultRecycleThresholdAlongAndKeepsASetOne() {
    WasmOptions defaulted = WasmOptions.of(Path.of("plugin.wasm")).withMaxMemoryMb(40);
    assertThat(defaulted.recycleMemoryMb()).isEqualTo(WasmOptions.defaultRecycleMemoryMb(40));
    WasmOptions set = defaulted.withRecycleMemoryMb(12).withMaxMemoryMb(48);
    assertThat(set.recycleMemoryMb()).isEqualTo(12);
    assertThat(set.maxMemoryMb()).isEqualTo(48);
    assertThat(set.path()).isEqualTo(Path.of("plugin.wasm"));
  }

  private static ExecutionMode otherMode(ExecutionMode mode) {
    for (ExecutionMode candidate : ExecutionMode.values()) {
      if (candidate != mode) {
        return candidate;
      }
    }
    throw new AssertionError("one execution mode only");
  }
}
