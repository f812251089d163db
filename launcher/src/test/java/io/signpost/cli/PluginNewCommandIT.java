package io.signpost.cli;

import static io.signpost.cli.SignpostCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.signpost.cli.SignpostCommandTest.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signpost plugin new}: the files it writes, and that the projects build and pass. */
class PluginNewCommandIT {

  /**
   * Per-call timeout of the generated projects' cases, which must all be answered: generous, the
   * first Wasm call of the JVM loads and links its runtime, which takes more than the default 1s on
   * a busy machine.
   */
  private static final String CALL_TIMEOUT = "60s";

  @TempDir Path dir;

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void writesARustProjectWithAVendoredPdk() throws Exception {
    Result result = run("plugin", "new", "--lang", "rust", "my-plugin", "--dir", dir.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    Path project = dir.resolve("my-plugin");
    for (String file :
        List.of(
            "Cargo.toml",
            ".cargo/config.toml",
            ".gitignore",
            "src/lib.rs",
            "build.sh",
            "README.md",
            "cases/config.json",
            "cases/allowed.request.json",
            "cases/allowed.response.json",
            "cases/denied.request.json",
            "cases/denied.response.json",
            "vendor/signpost-pdk/Cargo.toml")) {
      assertThat(project.resolve(file)).as(file).isRegularFile();
    }
    assertThat(Files.readString(project.resolve("Cargo.toml")))
        .contains("name = \"my-plugin\"")
        .contains("signpost-pdk = { path = \"vendor/signpost-pdk\" }");
    assertThat(Files.readString(project.resolve("build.sh"))).contains("my_plugin.wasm");
    assertThat(Files.isExecutable(project.resolve("build.sh"))).isTrue();
    for (Path file : files(project)) {
      if (!file.startsWith(project.resolve("vendor"))) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain("{{");
      }
    }
  }

  @Test
  void theVendoredPdkIsTheRepositorysPdk() throws Exception {
    run("plugin", "new", "--lang", "rust", "p", "--dir", dir.toString());
    Path pdk = ExamplePlugins.root().resolve("pdk/rust");
    Path vendored = dir.resolve("p/vendor/signpost-pdk");

    try (Stream<Path> sources = Files.list(pdk.resolve("src"))) {
      for (Path source : sources.toList()) {
        Path copy = vendored.resolve("src").resolve(source.getFileName().toString());
        assertThat(Files.readAllBytes(copy))
            .as(copy.toString())
            .isEqualTo(Files.readAllBytes(source));
      }
    }
    assertThat(Files.readAllBytes(vendored.resolve("Cargo.toml")))
        .isEqualTo(Files.readAllBytes(pdk.resolve("Cargo.toml")));
  }

  @Test
  void pdkPathMakesAPathDependencyAndNoVendoredCopy() throws Exception {
    Path pdk = ExamplePlugins.root().resolve("pdk/rust");

    Result result =
        run(
            "plugin",
            "new",
            "--lang",
            "rust",
            "p",
            "--dir",
            dir.toString(),
            "--pdk",
            pdk.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(Files.readString(dir.resolve("p/Cargo.toml")))
        .contains("signpost-pdk = { path = \"" + pdk.toAbsolutePath().normalize() + "\" }");
    assertThat(dir.resolve("p/vendor")).doesNotExist();
  }

  @Test
  void aWatProjectCompilesAndPassesItsCases() throws Exception {
    Result result = run("plugin", "new", "--lang", "wat", "tiny", "--dir", dir.toString());
    assertThat(result.exit()).as(result.err()).isZero();
    Path project = dir.resolve("tiny");
    Path wasm = project.resolve("plugin.wasm");
    Files.write(wasm, Wat2Wasm.parse(Files.readString(project.resolve("plugin.wat"))));

    Result tested =
        run(
            "plugin",
            "test",
            project.resolve("cases").toString(),
            "--wasm",
            wasm.toString(),
            "--timeout",
            CALL_TIMEOUT);

    assertThat(tested.exit()).as(tested.out() + tested.err()).isZero();
    assertThat(tested.out()).contains("2 passed, 0 failed, 0 error(s)");
  }

  @Test
  void refusesAnExistingDirectoryAndAnInvalidName() throws Exception {
    Files.createDirectories(dir.resolve("taken"));
    Files.writeString(dir.resolve("taken/file"), "x");

    Result taken = run("plugin", "new", "--lang", "wat", "taken", "--dir", dir.toString());
    Result badName = run("plugin", "new", "--lang", "rust", "My Plugin", "--dir", dir.toString());
    Result badPdk =
        run("plugin", "new", "--lang", "rust", "p", "--dir", dir.toString(), "--pdk", "/nowhere");

    assertThat(taken.exit()).isEqualTo(2);
    assertThat(taken.err()).contains("already exists");
    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.err()).contains("(expected: [a-z][a-z0-9_-]{0,62})");
    assertThat(badPdk.exit()).isEqualTo(2);
    assertThat(dir.resolve("p")).doesNotExist();
  }

  /**
   * Builds the Rust project with Debian's toolchain, runs its tests and its cases. Skipped, with
   * the reason, where the toolchain is missing (the suite needs only a JDK and Maven).
   */
  @Test
  void aRustProjectBuildsTestsAndPassesItsCases() throws Exception {
    Path cargo = Path.of("/usr/bin/cargo");
    Path rustc = Path.of("/usr/bin/rustc");
    assumeTrue(
        Files.isExecutable(cargo) && Files.isExecutable(rustc),
        "skipped: no /usr/bin/cargo or /usr/bin/rustc (Debian packages cargo, rustc)");
    assumeTrue(
        Files.isDirectory(Path.of("/usr/lib/rustlib/wasm32-wasi")),
        "skipped: no wasm32-wasi standard library (Debian package libstd-rust-dev-wasm32)");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/rust-lld")),
        "skipped: no rust-lld (Debian package lld-14)");
    run("plugin", "new", "--lang", "rust", "built", "--dir", dir.toString());
    Path project = dir.resolve("built");
    // Compiled crates are kept between runs, in the launcher's build directory.
    Path targetDir = Path.of("target/plugin-new-cargo").toAbsolutePath();
    Map<String, String> env =
        Map.of(
            "RUSTC", rustc.toString(),
            "RUSTDOC", "/usr/bin/rustdoc",
            "CARGO_TARGET_DIR", targetDir.toString());

    exec(project, env, cargo.toString(), "test", "--offline", "--quiet");
    exec(project, env, project.resolve("build.sh").toString());
    Result tested =
        run(
            "plugin",
            "test",
            project.resolve("cases").toString(),
            "--wasm",
            project.resolve("plugin.wasm").toString(),
            "--timeout",
            CALL_TIMEOUT);

    assertThat(tested.exit()).as(tested.out() + tested.err()).isZero();
    assertThat(tested.out()).contains("2 passed, 0 failed, 0 error(s)");
  }

  private static void exec(Path dir, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(15, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
    assertThat(process.exitValue())
        .as(String.join(" ", command) + ":\n" + new String(output, StandardCharsets.UTF_8))
        .isZero();
  }
}
