package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router as a process, started the way Hyrouter is: no {@code --config}, a {@code config.yaml}
 * in the working directory; stopped with SIGTERM, after which it drains and exits with status 0.
 */
class ProcessLifecycleIT {

  @TempDir Path dir;

  @Test
  void readsConfigYamlFromTheWorkingDirectoryAndExitsZeroOnSigterm() throws Exception {
    assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "needs SIGTERM");
    int port;
    try (DatagramSocket socket = new DatagramSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.writeString(
        dir.resolve("config.yaml"),
        """
        listen: "127.0.0.1:%d"
        admin: {listen: ""}
        routing:
          default:
            strategy: round_robin
            backends: [{host: play.example.com, port: 5520}]
        """
            .formatted(port));
    Path log = dir.resolve("router.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process router =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                SignpostCommand.class.getName())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitLine(router, log, "signpost listening on udp /127.0.0.1:" + port);
      assertThat(Files.readString(log))
          .contains("no --config given: loading config.yaml from the working directory");

      router.destroy(); // SIGTERM
      assertThat(router.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
      assertThat(router.exitValue()).as(Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("received SIGTERM").contains("stopped");
    } finally {
      router.destroyForcibly();
    }
  }

  private static void awaitLine(Process router, Path log, String line) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() - end < 0) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      if (!router.isAlive()) {
        throw new AssertionError("router exited early:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no \"" + line + "\" in:\n" + Files.readString(log));
  }
}
