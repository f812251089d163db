package io.signpost.cli;

import io.signpost.annotation.Nullable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signpost plugin new --lang rust|wat NAME}: writes a ready plugin project from the
 * templates in the jar: the plugin, a build script, its tests, a README and a {@code cases/}
 * directory for {@code plugin test}. A Rust project gets a vendored copy of the Rust PDK in {@code
 * vendor/signpost-pdk}, or depends on a PDK checkout with {@code --pdk PATH}.
 */
@Command(
    name = "new",
    mixinStandardHelpOptions = true,
    description = {
      "Write a new plugin project NAME: the plugin, build.sh, tests, README.md and cases/.",
      "Rust projects use the Rust PDK, vendored into vendor/signpost-pdk unless --pdk is given."
    })
final class PluginNewCommand implements Callable<Integer> {

  enum Lang {
    RUST,
    WAT
  }

  /** A name that is a valid Cargo package, directory and plugin name. */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  static final String VENDORED_PDK = "vendor/signpost-pdk";

  @Option(
      names = "--lang",
      required = true,
      paramLabel = "rust|wat",
      description = "The language of the project.")
  Lang lang;

  @Parameters(index = "0", paramLabel = "NAME", description = "The plugin's name and directory.")
  String name;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Where to create the project directory (default: the current directory).")
  Path parent = Path.of(".");

  @Option(
      names = "--pdk",
      paramLabel = "PATH",
      description =
          "Rust: depend on the PDK at PATH (e.g. a Signpost checkout's pdk/rust) instead"
              + " of a vendored copy.")
  @Nullable
  Path pdk;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!NAME.matcher(name).matches()) {
      err.println("plugin new: name " + name + " (expected: [a-z][a-z0-9_-]{0,62})");
      return PluginCallCommand.USAGE;
    }
    Path project = parent.resolve(name).toAbsolutePath().normalize();
    if (Files.exists(project) && !isEmptyDirectory(project)) {
      err.println("plugin new: " + project + " already exists (expected: a new directory)");
      return PluginCallCommand.USAGE;
    }
    if (pdk != null && !Files.isRegularFile(pdk.resolve("Cargo.toml"))) {
      err.println("plugin new: --pdk " + pdk + ": no Cargo.toml (expected: the PDK's directory)");
      return PluginCallCommand.USAGE;
    }
    List<Path> written =
        switch (lang) {
          case RUST -> writeRust(project);
          case WAT ->
              ProjectTemplate.load("templates/wat", "plugin.wat")
                  .writeTo(project, watValues(), true);
        };
    out.println("plugin new: wrote " + written.size() + " files in " + project);
    out.println("next:");
    out.println("  cd " + project);
    if (lang == Lang.RUST) {
      out.println("  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc /usr/bin/cargo test --offline");
    }
    out.println("  ./build.sh");
    out.println("  signpost plugin test cases --wasm plugin.wasm");
    return 0;
  }

  private List<Path> writeRust(Path project) throws IOException {
    String pdkPath;
    String pdkNote;
    if (pdk != null) {
      pdkPath = pdk.toAbsolutePath().normalize().toString();
      pdkNote = "by path, " + pdkPath;
    } else {
      pdkPath = VENDORED_PDK;
      pdkNote = "a vendored copy in `" + VENDORED_PDK + "`, from the signpost jar that made it";
    }
    Map<String, String> values =
        Map.of(
            "name",
            name,
            "crate_name",
            name.replace('-', '_'),
            "pdk_path",
            pdkPath.replace("\\", "/"),
            "pdk_note",
            pdkNote);
    List<Path> written =
        new java.util.ArrayList<>(
            ProjectTemplate.load("templates/rust", "Cargo.toml").writeTo(project, values, true));
    if (pdk == null) {
      written.addAll(
          ProjectTemplate.load("templates/pdk-rust", "Cargo.toml")
              .writeTo(project.resolve(VENDORED_PDK), Map.of(), false));
    }
    return written;
  }

  /** The WAT template's data segments and their lengths, computed so they cannot disagree. */
  private Map<String, String> watValues() {
    String needle = "\"username\":\"mallory\"";
    String deny = "{\"deny\":true,\"deny_reason\":\"user mallory is not allowed\"}";
    String allow =
        "{\"referral_content\":\""
            + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8))
            + "\"}";
    return Map.of(
        "name", name,
        "needle", watString(needle),
        "needle_len", Integer.toString(needle.length()),
        "deny", watString(deny),
        "deny_len", Integer.toString(deny.length()),
        "allow", watString(allow),
        "allow_len", Integer.toString(allow.length()));
  }

  /** ASCII text as the inside of a WAT string literal. */
  private static String watString(String ascii) {
    return ascii.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
