package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.runtime.BuildInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar as shipped ({@code launcher/target/signpost.jar}, after {@code package}): it
 * carries Netty's native QUIC library for every supported platform and knows its version.
 */
class ShadedJarIT {

  /** The native QUIC library of each platform, as Netty names it inside the jar. */
  static final List<String> NATIVE_QUIC_LIBRARIES =
      List.of(
          "META-INF/native/libnetty_quiche42_linux_x86_64.so",
          "META-INF/native/libnetty_quiche42_linux_aarch_64.so",
          "META-INF/native/libnetty_quiche42_osx_x86_64.jnilib",
          "META-INF/native/libnetty_quiche42_osx_aarch_64.jnilib",
          "META-INF/native/netty_quiche42_windows_x86_64.dll");

  private static Path jar;

  @BeforeAll
  static void findTheJar() {
    jar = Path.of(System.getProperty("signpost.jar", "target/signpost.jar"));
    assertThat(jar).as("the shaded jar (mvn -pl launcher -am package)").isRegularFile();
  }

  @Test
  void carriesTheNativeQuicLibraryOfEveryPlatform() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      for (String library : NATIVE_QUIC_LIBRARIES) {
        assertThat(file.getJarEntry(library)).as(library).isNotNull();
        assertThat(file.getJarEntry(library).getSize()).as(library).isGreaterThan(1_000_000);
      }
    }
  }

  @Test
  void itsManifestNamesTheMainClassAndTheVersion() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Main-Class"))
          .isEqualTo(SignpostCommand.class.getName());
      assertThat(manifest.getMainAttributes().getValue("Implementation-Version"))
          .isEqualTo(BuildInfo.current().version());
    }
  }

  @Test
  void versionPrintsTheProjectVersionAndTheCommit() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--version")
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("signpost " + BuildInfo.current().describe());
  }

  @Test
  void theLibraryListMatchesTheDependenciesOfTheLauncher() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    for (String library : NATIVE_QUIC_LIBRARIES) {
      String platform = library.replaceAll(".*quiche42_", "").replaceAll("\\.(so|jnilib|dll)$", "");
      String classifier = platform.replaceFirst("_", "-");
      assertThat(pom).contains("<classifier>" + classifier + "</classifier>");
    }
  }
}
