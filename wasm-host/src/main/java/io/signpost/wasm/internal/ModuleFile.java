package io.signpost.wasm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a module file with a size cap. The file must be a regular file, checked before it is
 * opened, so a device or a named pipe is refused instead of read forever; the read stops at the cap
 * even when the file grows after the check.
 */
final class ModuleFile {
  private ModuleFile() {}

  /** Thrown when the path is not a regular file or is over the cap. */
  static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  /**
   * @throws java.nio.file.NoSuchFileException when nothing is at {@code path}
   * @throws RefusedException when it is not a regular file or is larger than {@code maxBytes}
   */
  static byte[] read(Path path, long maxBytes) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new RefusedException(
          path + " " + describe(path, attributes) + " (expected: a .wasm file)");
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(path, attributes.size(), maxBytes);
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw tooLarge(path, bytes.length, maxBytes);
      }
      return bytes;
    }
  }

  /** Why {@code path} cannot be a module file, or null when it is a regular file. */
  static String notRegular(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return attributes.isRegularFile() ? null : describe(path, attributes);
    } catch (IOException e) {
      return null;
    }
  }

  private static String describe(Path path, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "is a directory, not a regular file";
    }
    if (Files.isSymbolicLink(path) && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return "is a broken link";
    }
    return "is not a regular file (a device, socket or named pipe)";
  }

  private static RefusedException tooLarge(Path path, long size, long maxBytes) {
    return new RefusedException(
        path + " is " + size + " bytes, over max_module_mb (" + (maxBytes >> 20) + " MiB)");
  }
}
