package io.signpost.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polls driven by hand ({@link FileWatcher#poll}); no timer, no sleeps. */
class FileWatcherTest {

  @TempDir Path dir;

  private final Recorder recorder = new Recorder();

  @Test
  void theInitialContentIsNeverReported() throws Exception {
    Path file = write("config.yaml", "a");
    FileWatcher watcher = watch(file);

    pollTimes(watcher, 3);

    assertThat(recorder.changes).isEmpty();
    assertThat(recorder.unreadable).isEmpty();
  }

  @Test
  void anInPlaceRewriteIsReportedOnceItIsStable() throws Exception {
    Path file = write("config.yaml", "a");
    FileWatcher watcher = watch(file);

    Files.writeString(file, "b");
    watcher.poll();
    assertThat(recorder.changes).as("seen once: not yet stable").isEmpty();
    watcher.poll();
    assertThat(recorder.changes).containsExactly(List.of(file));
    pollTimes(watcher, 3);
    assertThat(recorder.changes).as("the same content is reported once").hasSize(1);
  }

  @Test
  void aHalfWrittenFileIsReportedOnlyWhenComplete() throws Exception {
    Path file = write("cert.pem", "-----BEGIN CERTIFICATE-----\nold\n-----END CERTIFICATE-----\n");
    FileWatcher watcher = watch(file);

    Files.writeString(file, "-----BEGIN CERTIFICATE-----\nne");
    watcher.poll();
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\nnew\n-----END CERTIFICATE-----\n");
    watcher.poll();
    assertThat(recorder.changes).as("every poll saw another content").isEmpty();
    watcher.poll();

    assertThat(recorder.changes).containsExactly(List.of(file));
  }

  @Test
  void aSwappedDataSymlinkIsAChange() throws Exception {
    // Kubernetes: cert.pem -> ..data/cert.pem, ..data -> ..2024_01_01; a rotation writes a new
    // timestamped directory and renames a new ..data link over the old one.
    Path first = Files.createDirectory(dir.resolve("..2024_01_01"));
    Files.writeString(first.resolve("cert.pem"), "one");
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Path file = Files.createSymbolicLink(dir.resolve("cert.pem"), Path.of("..data/cert.pem"));
    FileWatcher watcher = watch(file);

    Path second = Files.createDirectory(dir.resolve("..2024_02_01"));
    Files.writeString(second.resolve("cert.pem"), "two");
    Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
    Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    pollTimes(watcher, 2);

    assertThat(recorder.changes).containsExactly(List.of(file));
  }

  @Test
  void touchingAFileIsNoChange() throws Exception {
    Path file = write("key.pem", "k");
    FileWatcher watcher = watch(file);

    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    Files.writeString(file, "k");
    pollTimes(watcher, 3);

    assertThat(recorder.changes).isEmpty();
  }

  @Test
  void aDeletedFileIsReportedOnceAndItsReturnWithTheSameContentIsNoChange() throws Exception {
    Path file = write("key.pem", "k");
    FileWatcher watcher = watch(file);

    Files.delete(file);
    pollTimes(watcher, 3);
    assertThat(recorder.unreadable).hasSize(1);
    assertThat(recorder.unreadable.get(0)).isInstanceOf(NoSuchFileException.class);

    Files.writeString(file, "k");
    pollTimes(watcher, 3);
    assertThat(recorder.changes).isEmpty();
  }

  @Test
  void aDeletedFileRestoredWithNewContentIsAChange() throws Exception {
    Path file = write("key.pem", "k");
    FileWatcher watcher = watch(file);

    Files.delete(file);
    watcher.poll();
    Files.writeString(file, "k2");
    watcher.poll();
    assertThat(recorder.changes).isEmpty();
    watcher.poll();

    assertThat(recorder.changes).containsExactly(List.of(file));
    assertThat(recorder.unreadable).hasSize(1);
  }

  @Test
  void aFileThatChangesBackBeforeItIsStableIsNoChange() throws Exception {
    Path file = write("config.yaml", "a");
    FileWatcher watcher = watch(file);

    Files.writeString(file, "b");
    watcher.poll();
    Files.writeString(file, "a");
    pollTimes(watcher, 3);

    assertThat(recorder.changes).isEmpty();
  }

  @Test
  void filesOfOneSetAreReportedTogetherOnceAllAreStable() throws Exception {
    Path cert = write("cert.pem", "c1");
    Path key = write("key.pem", "k1");
    FileWatcher watcher = watch(cert, key);

    Files.writeString(cert, "c2");
    watcher.poll();
    Files.writeString(key, "k2");
    watcher.poll();
    assertThat(recorder.changes).as("the certificate is stable, the key not yet").isEmpty();
    watcher.poll();

    assertThat(recorder.changes).containsExactly(List.of(cert, key));
  }

  @Test
  void aFileThatChangesBackWhileAnotherIsUnsettledIsNotReported() throws Exception {
    Path cert = write("cert.pem", "c1");
    Path key = write("key.pem", "k1");
    FileWatcher watcher = watch(cert, key);

    Files.delete(key);
    Files.writeString(cert, "c2");
    pollTimes(watcher, 2);
    Files.writeString(cert, "c1");
    pollTimes(watcher, 2);
    Files.writeString(key, "k2");
    pollTimes(watcher, 2);

    assertThat(recorder.changes).containsExactly(List.of(key));
  }

  @Test
  void aSetWithAMissingFileWaitsForIt() throws Exception {
    Path cert = write("cert.pem", "c1");
    Path key = write("key.pem", "k1");
    FileWatcher watcher = watch(cert, key);

    Files.delete(key);
    Files.writeString(cert, "c2");
    pollTimes(watcher, 3);
    assertThat(recorder.changes).isEmpty();
    Files.writeString(key, "k2");
    pollTimes(watcher, 2);

    assertThat(recorder.changes).containsExactly(List.of(cert, key));
  }

  @Test
  void eachDistinctErrorIsReportedOnce() throws Exception {
    Path file = write("config.yaml", "a");
    FileWatcher watcher = new FileWatcher("test", List.of(file), 4, recorder);

    Files.writeString(file, "too large");
    pollTimes(watcher, 2);
    Files.delete(file);
    pollTimes(watcher, 2);

    assertThat(recorder.unreadable).hasSize(2);
    assertThat(recorder.unreadable.get(0)).hasMessageContaining("over the 4 bytes limit");
    assertThat(recorder.unreadable.get(1)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aFailingListenerDoesNotStopTheWatcher() throws Exception {
    Path file = write("config.yaml", "a");
    List<List<Path>> seen = new ArrayList<>();
    FileWatcher watcher =
        new FileWatcher(
            "test",
            List.of(file),
            1024,
            changed -> {
              seen.add(changed);
              throw new IllegalStateException("listener broke");
            });

    Files.writeString(file, "b");
    pollTimes(watcher, 2);
    Files.writeString(file, "c");
    pollTimes(watcher, 2);

    assertThat(seen).hasSize(2);
  }

  @Test
  void aClosedWatcherPollsNoMore() throws Exception {
    Path file = write("config.yaml", "a");
    FileWatcher watcher = watch(file);
    watcher.close();

    Files.writeString(file, "b");
    pollTimes(watcher, 2);

    assertThat(recorder.changes).isEmpty();
  }

  @Test
  void argumentsAreChecked() throws Exception {
    Path file = write("config.yaml", "a");
    assertThatThrownBy(() -> new FileWatcher("test", List.of(), 10, recorder))
        .hasMessage("files: empty (expected: at least one file)");
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      assertThatThrownBy(
              () -> FileWatcher.start("test", List.of(file), Duration.ZERO, timer, changed -> {}))
          .hasMessage("interval: PT0S (expected: > 0)");
    } finally {
      timer.shutdownNow();
    }
  }

  private FileWatcher watch(Path... files) {
    return new FileWatcher("test", List.of(files), 1024, recorder);
  }

  private static void pollTimes(FileWatcher watcher, int times) {
    for (int i = 0; i < times; i++) {
      watcher.poll();
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static final class Recorder implements FileWatcher.Listener {
    final List<List<Path>> changes = new ArrayList<>();
    final List<IOException> unreadable = new ArrayList<>();

    @Override
    public void onChange(List<Path> changed) {
      changes.add(changed);
    }

    @Override
    public void onUnreadable(Path file, IOException error) {
      unreadable.add(error);
    }
  }
}
