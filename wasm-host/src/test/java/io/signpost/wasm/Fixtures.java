package io.signpost.wasm;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Test fixtures: the WAT corpus compiled on demand, requests, a plugin context. */
final class Fixtures {
  private Fixtures() {}

  /** Compiles {@code src/test/resources/wasm/<name>.wat} into {@code dir/<file name>.wasm}. */
  static Path wat(String name, Path dir) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/wasm/" + name + ".wat")) {
      if (in == null) {
        throw new IllegalArgumentException("no WAT fixture " + name);
      }
      return watSource(new String(in.readAllBytes(), StandardCharsets.UTF_8), name, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles WAT source text into {@code dir/<file name of name>.wasm}. */
  static Path watSource(String source, String name, Path dir) {
    byte[] wasm = Wat2Wasm.parse(source);
    Path out = dir.resolve(Path.of(name).getFileName() + ".wasm");
    try {
      Files.write(out, wasm);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The repository root: the first parent of the working directory holding examples/. */
  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Path rustExample() {
    return repoRoot().resolve("examples/rust-plugin/plugin.wasm");
  }

  static ConnectRequest request(String username, String uuid) {
    ConnectEvent event =
        new ConnectEvent("play.example.com", null, null, 0, uuid, username, "en", true, null);
    List<Backend> candidates =
        List.of(
            Backend.of("10.0.0.1", 5520),
            Backend.of("10.0.0.2", 5520),
            Backend.of("10.0.0.3", 5521));
    return new ConnectRequest(event, "round_robin", candidates, 0, candidates.get(0), null);
  }

  static JsonNode json(String text) {
    try {
      return PluginJson.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A context with its own registry and scheduler; close it after the plugin. */
  static final class TestContext implements AutoCloseable {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final PluginContext context = new PluginContext(registry, scheduler);

    @Override
    public void close() {
      scheduler.shutdownNow();
    }
  }
}
