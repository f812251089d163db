package io.signpost.wasm.internal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.DeadlineTimer;
import io.signpost.wasm.ExecutionMode;
import io.signpost.wasm.WasmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.LoggerFactory;

/** The modules and requests the benchmarks use. */
final class BenchPlugins {
  static final String RUST_CONFIG = "{\"deny_usernames\":[\"mallory\"],\"referral_prefix\":\"b\"}";

  private BenchPlugins() {}

  /** {@code rust} or {@code wat}: the example modules under examples/. */
  static Path module(String plugin) {
    Path root = repoRoot();
    return switch (plugin) {
      case "rust" -> root.resolve("examples/rust-plugin/plugin.wasm");
      case "wat" -> root.resolve("examples/wat-plugin/plugin.wasm");
      default -> Path.of(plugin);
    };
  }

  static WasmOptions options(String plugin, String mode) {
    return WasmOptions.of(module(plugin)).withMode(ExecutionMode.parse(mode)).withPoolSize(2);
  }

  /**
   * The config handed to {@code signpost_load}: the Rust example's for {@code rust} and for a path
   * (so that two builds of the example can be compared in one run), none for {@code wat}.
   */
  static byte[] config(String plugin) {
    return plugin.equals("wat") ? "null".getBytes() : RUST_CONFIG.getBytes();
  }

  static InstanceServices services(String name, ScheduledExecutorService scheduler) {
    var registry = new SimpleMeterRegistry();
    var guestLog =
        new GuestLog(
            name, LoggerFactory.getLogger("signpost.plugin." + name), registry, System::nanoTime);
    return new InstanceServices(
        new SignpostImports(name, guestLog, registry),
        guestLog,
        new CallWatchdog(new DeadlineTimer(scheduler)));
  }

  static ConnectRequest request() {
    ConnectEvent event =
        new ConnectEvent(
            "play.example.com",
            null,
            null,
            0,
            "0b7e3c1a-5d2f-4e8a-9c61-2f0d4b8a7e55",
            "alice",
            "en",
            true,
            null);
    List<Backend> candidates =
        List.of(
            Backend.of("10.0.0.1", 5520),
            Backend.of("10.0.0.2", 5520),
            Backend.of("10.0.0.3", 5520));
    return new ConnectRequest(event, "round_robin", candidates, 0, candidates.get(0), null);
  }

  private static Path repoRoot() {
    String configured = System.getProperty("signpost.root");
    if (configured != null) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("examples/rust-plugin"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("run from the repository or set -Dsignpost.root=<repo>");
    }
    return dir;
  }
}
