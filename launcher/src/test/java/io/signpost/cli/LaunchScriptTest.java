package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launch scripts run the JVM so that an OutOfMemoryError ends the process. */
class LaunchScriptTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void binSignpostExitsOnOutOfMemoryAndStillHonoursSignpostJavaOpts(@TempDir Path dir)
      throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash here");
    // A copy of the script in a root of its own, with a jar newer than any source (none) and a
    // java that prints its arguments, so nothing is built and no JVM starts.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.copy(ROOT.resolve("bin/signpost"), bin.resolve("signpost"));
    Path jar = Files.createDirectories(dir.resolve("launcher/target")).resolve("signpost.jar");
    Files.createFile(jar);
    Path fakes = Files.createDirectories(dir.resolve("fakes"));
    Path java =
        Files.writeString(
            fakes.resolve("java"), "#!/bin/sh\necho \"$@\"\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

    ProcessBuilder script =
        new ProcessBuilder(
                "/bin/bash", bin.resolve("signpost").toString(), "validate", "-config", "c.yaml")
            .redirectErrorStream(true);
    script.environment().put("PATH", fakes + ":" + System.getenv("PATH"));
    script.environment().put("SIGNPOST_JAVA_OPTS", "-Xmx64m -XX:-ExitOnOutOfMemoryError");
    String printed = run(script);

    assertThat(printed.strip())
        .isEqualTo(
            "-XX:+ExitOnOutOfMemoryError -Xmx64m -XX:-ExitOnOutOfMemoryError -jar "
                + dir.toRealPath().resolve("launcher/target/signpost.jar")
                + " validate -config c.yaml");
  }

  @Test
  void theExampleGrpcPluginServerExitsOnOutOfMemoryToo() throws IOException {
    assertThat(Files.readString(ROOT.resolve("examples/grpc-plugin-java/run.sh")))
        .contains("exec java -XX:+ExitOnOutOfMemoryError ");
    assertThat(Files.readString(ROOT.resolve("bench/connect.sh")))
        .contains("MAVEN_OPTS=\"-XX:+ExitOnOutOfMemoryError ");
  }

  private static String run(ProcessBuilder builder) throws Exception {
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
