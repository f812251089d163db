package io.signpost.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestTest {

  @TempDir Path dir;

  @Test
  void contentDecidesNotTheModificationTime() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "one");
    String first = FileDigest.of(List.of(a), 1024);
    Files.writeString(a, "one");
    assertThat(FileDigest.of(List.of(a), 1024)).isEqualTo(first).startsWith("sha256:");
    Files.writeString(a, "two");
    assertThat(FileDigest.of(List.of(a), 1024)).isNotEqualTo(first);
  }

  @Test
  void bytesMovedBetweenFilesChangeTheDigest() throws Exception {
    Path a = Files.writeString(dir.resolve("a"), "ab");
    Path b = Files.writeString(dir.resolve("b"), "c");
    String before = FileDigest.of(List.of(a, b), 1024);
    Files.writeString(a, "a");
    Files.writeString(b, "bc");
    assertThat(FileDigest.of(List.of(a, b), 1024)).isNotEqualTo(before);
  }

  @Test
  void aMissingOrOversizedFileIsNamedNotThrown() throws Exception {
    assertThat(FileDigest.of(List.of(dir.resolve("gone")), 1024)).startsWith("unreadable ");
    Path big = Files.write(dir.resolve("big"), new byte[2048]);
    assertThat(FileDigest.of(List.of(big), 1024)).startsWith("unreadable ");
  }
}
