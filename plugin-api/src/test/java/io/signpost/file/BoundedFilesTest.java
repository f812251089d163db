package io.signpost.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFilesTest {

  /** Generous: a refusal never waits on anything, so only a blocked open would come near it. */
  private static final Duration NEVER_BLOCKS = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void readsARegularFile() throws IOException {
    Path file = Files.writeString(dir.resolve("config.yaml"), "listen: \":5520\"\n");

    assertThat(BoundedFiles.read(file, BoundedFiles.CONFIG_FILE_MAX_BYTES, "a config file"))
        .isEqualTo("listen: \":5520\"\n".getBytes(StandardCharsets.UTF_8));
    assertThat(BoundedFiles.check(file, BoundedFiles.CONFIG_FILE_MAX_BYTES, "a config file"))
        .isEqualTo(16);
  }

  @Test
  void readsAFileOfExactlyTheCapAndRefusesOneByteMore() throws IOException {
    Path exact = Files.write(dir.resolve("exact.pem"), new byte[10]);
    Path over = Files.write(dir.resolve("over.pem"), new byte[11]);

    assertThat(BoundedFiles.read(exact, 10, "a PEM file")).hasSize(10);
    assertThatThrownBy(() -> BoundedFiles.read(over, 10, "a PEM file"))
        .isInstanceOf(BoundedFiles.RefusedFileException.class)
        .hasMessage(over + ": 11 bytes, over the 10 bytes limit for a PEM file");
  }

  @Test
  void followsASymbolicLinkToARegularFile() throws IOException {
    Path target = Files.writeString(dir.resolve("real.yaml"), "a: 1");
    Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), target);

    assertThat(new String(BoundedFiles.read(link, 100, "a config file"), StandardCharsets.UTF_8))
        .isEqualTo("a: 1");
  }

  @Test
  void refusesADirectory() {
    assertThatThrownBy(() -> BoundedFiles.read(dir, 100, "a config file"))
        .isInstanceOf(BoundedFiles.RefusedFileException.class)
        .hasMessage(dir + ": not a regular file (a directory)");
  }

  @Test
  void refusesANamedPipeWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("config.yaml");
    assumeTrue(mkfifo(fifo), "mkfifo is not available");

    BoundedFiles.RefusedFileException refused =
        assertTimeoutPreemptively(
            NEVER_BLOCKS,
            () -> {
              try {
                BoundedFiles.read(fifo, BoundedFiles.CONFIG_FILE_MAX_BYTES, "a config file");
                return null;
              } catch (BoundedFiles.RefusedFileException e) {
                return e;
              }
            });

    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).isEqualTo(fifo + ": not a regular file (a named pipe)");
    assertThat(refused.getReason()).isEqualTo("not a regular file (a named pipe)");
    assertThat(refused.getFile()).isEqualTo(fifo.toString());
  }

  @Test
  void refusesCharacterDevicesSuchAsDevZeroAndDevNull() {
    for (String device : new String[] {"/dev/zero", "/dev/null"}) {
      Path path = Path.of(device);
      assumeTrue(Files.exists(path), device + " does not exist here");

      assertThatThrownBy(
              () -> BoundedFiles.read(path, BoundedFiles.CONFIG_FILE_MAX_BYTES, "a config file"))
          .isInstanceOf(BoundedFiles.RefusedFileException.class)
          .hasMessage(device + ": not a regular file (a character device)");
    }
  }

  @Test
  void refusesALinkToADevice() throws IOException {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "/dev/zero does not exist here");
    Path link = Files.createSymbolicLink(dir.resolve("zero.yaml"), zero);

    assertThatThrownBy(() -> BoundedFiles.check(link, 100, "a config file"))
        .hasMessage(link + ": not a regular file (a character device)");
  }

  @Test
  void refusesAnOversizedFileBeforeReadingIt() throws IOException {
    Path sparse = dir.resolve("config.yaml");
    try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
      file.setLength(2_147_483_648L);
    }

    assertThatThrownBy(
            () -> BoundedFiles.read(sparse, BoundedFiles.CONFIG_FILE_MAX_BYTES, "a config file"))
        .isInstanceOf(BoundedFiles.RefusedFileException.class)
        .hasMessage(sparse + ": 2147483648 bytes, over the 4 MiB limit for a config file");
    assertThatThrownBy(
            () -> BoundedFiles.read(sparse, BoundedFiles.WASM_MODULE_MAX_BYTES, "a Wasm module"))
        .hasMessage(sparse + ": 2147483648 bytes, over the 64 MiB limit for a Wasm module");
  }

  @Test
  void stopsReadingAtTheCapWhenTheFileGrewAfterTheCheck() {
    Path file = dir.resolve("growing.wasm");
    ByteArrayInputStream grown = new ByteArrayInputStream(new byte[4096]);

    assertThatThrownBy(() -> BoundedFiles.readAtMost(grown, file, 1024, "a Wasm module"))
        .isInstanceOf(BoundedFiles.RefusedFileException.class)
        .hasMessage(
            file + ": more than 1024 bytes when read, over the 1 KiB limit for a Wasm module");
    assertThat(grown.available()).as("bytes left unread").isEqualTo(4096 - 1025);
  }

  @Test
  void aMissingFileFailsAsFilesReadAllBytesWould() {
    Path missing = dir.resolve("nope.yaml");
    Throwable expected = catchThrowable(() -> Files.readAllBytes(missing));

    assertThatThrownBy(() -> BoundedFiles.read(missing, 100, "a config file"))
        .isExactlyInstanceOf(NoSuchFileException.class)
        .hasMessage(expected.getMessage());
  }

  @Test
  void refusesCapsOutsideTheArrayRange() {
    Path any = dir.resolve("any");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BoundedFiles.check(any, -1, "x"))
        .withMessage("maxBytes: -1 (expected: 0.." + BoundedFiles.MAX_CAP + ")");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BoundedFiles.read(any, BoundedFiles.MAX_CAP + 1, "x"));
  }

  private static boolean mkfifo(Path path) throws InterruptedException {
    try {
      Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.exists(path);
    } catch (IOException e) {
      return false;
    }
  }
}
