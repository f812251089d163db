package io.signpost.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WasmPoolSizeDefaultTest {
  @Test
  void fourInstancesPerCoreWithinItsBounds() {
    assertThat(WasmOptions.defaultPoolSize(1)).isEqualTo(WasmOptions.DEFAULT_POOL_SIZE_MIN);
    assertThat(WasmOptions.defaultPoolSize(2)).isEqualTo(8);
    assertThat(WasmOptions.defaultPoolSize(8)).isEqualTo(32);
    assertThat(WasmOptions.defaultPoolSize(64)).isEqualTo(WasmOptions.DEFAULT_POOL_SIZE_MAX);
  }

  @Test
  void neverSoManyThatTheInstancesAtTheirCapCouldTakeMoreThanHalfTheHeap() {
    int byCores = WasmOptions.defaultPoolSize(Runtime.getRuntime().availableProcessors());
    long gib = 1L << 30;
    assertThat(WasmOptions.defaultPoolSize(64, 256L << 20))
        .as("256 MiB heap, 64 MiB cap")
        .isEqualTo(Math.min(byCores, 2));
    assertThat(WasmOptions.defaultPoolSize(4096, 256L << 20)).as("at least one").isEqualTo(1);
    assertThat(WasmOptions.defaultPoolSize(1, 64 * gib)).as("cores decide").isEqualTo(byCores);
    assertThat(WasmOptions.defaultPoolSize())
        .isEqualTo(
            WasmOptions.defaultPoolSize(
                WasmOptions.DEFAULT_MAX_MEMORY_MB, Runtime.getRuntime().maxMemory()));
  }
}
