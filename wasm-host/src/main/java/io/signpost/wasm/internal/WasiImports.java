package io.signpost.wasm.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * WASI preview 1 for plugin instances: no preopened directories, no environment, no arguments,
 * empty stdin; stdout and stderr go to the plugin's rate-limited {@link GuestLog}; the clock is
 * Chicory's default (the system clock); {@link HostCallBounds} replaces the functions whose cost a
 * guest chooses, and gives {@code random_get} a {@code SecureRandom} per instance. {@code
 * proc_exit}, even with code 0, ends the call as a failure.
 */
final class WasiImports {
  static final String MODULE = "wasi_snapshot_preview1";
  static final Set<String> FUNCTIONS = functionNames();

  private WasiImports() {}

  /** A fresh WASI state for one instance; close it with the instance. */
  static WasiPreview1 create(Logger guestLogger, GuestOutput stdout, GuestOutput stderr) {
    WasiOptions options =
        WasiOptions.builder()
            .withStdin(new ByteArrayInputStream(new byte[0]), false)
            .withStdout(stdout, false)
            .withStderr(stderr, false)
            .withThrowOnExit0(true)
            .build();
    return WasiPreview1.builder()
        .withLogger(new ChicoryLogger(guestLogger))
        .withOptions(options)
        .build();
  }

  static GuestOutput stdout(GuestLog log) {
    return new GuestOutput(log, Level.INFO, "stdout");
  }

  static GuestOutput stderr(GuestLog log) {
    return new GuestOutput(log, Level.WARN, "stderr");
  }

  private static Set<String> functionNames() {
    try (WasiPreview1 wasi = WasiPreview1.builder().build()) {
      HostFunction[] functions = wasi.toHostFunctions();
      return Arrays.stream(functions)
          .map(HostFunction::name)
          .collect(Collectors.toUnmodifiableSet());
    }
  }
}
