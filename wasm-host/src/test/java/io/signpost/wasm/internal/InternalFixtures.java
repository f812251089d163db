package io.signpost.wasm.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the tests of the internal package share. */
final class InternalFixtures {

  private InternalFixtures() {}

  /** The committed Rust example module, found from the working directory up. */
  static Path rustExample() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root");
    }
    return dir.resolve("examples/rust-plugin/plugin.wasm");
  }
}
