package io.signpost.file;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files a configuration names (the configuration file itself, TLS certificates and keys,
 * secret files, Wasm modules) and refuses anything that is not a regular file or is larger than a
 * cap.
 *
 * <p>The file's attributes are checked before it is opened, so a named pipe is refused instead of
 * blocking the reader, and a device such as {@code /dev/zero} is refused instead of being read
 * until memory runs out. The read itself stops one byte past the cap, so a file that grows between
 * the check and the read is refused too. Symbolic links are followed: a link to a regular file is
 * fine. A file replaced by a named pipe between the check and the open can still block the open;
 * Java offers no non-blocking open to close that window.
 *
 * <p>Failures are {@link IOException}s: a missing file is the {@link NoSuchFileException} {@link
 * Files#readAllBytes} would throw (same message), a file refused by kind or size is a {@link
 * RefusedFileException} whose message reads {@code config.yaml: not a regular file (a named pipe)}
 * or {@code config.yaml: 2147483648 bytes, over the 4 MiB limit for a config file}, and anything
 * else is what opening or reading the file threw.
 *
 * <p>Stateless and thread-safe; every method blocks on file system access.
 */
public final class BoundedFiles {

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;

  /** Cap for the configuration file ({@code --config}): 4 MiB. */
  public static final long CONFIG_FILE_MAX_BYTES = 4 * MIB;

  /** Cap for a PEM file, {@code tls.cert_file} or {@code tls.key_file}: 1 MiB. */
  public static final long PEM_FILE_MAX_BYTES = MIB;

  /** Cap for a secret file such as {@code quic.retry_token_secret_file}: 4 KiB. */
  public static final long SECRET_FILE_MAX_BYTES = 4 * KIB;

  /** Default cap for a Wasm module file ({@code plugins[i].wasm.path}): 64 MiB. */
  public static final long WASM_MODULE_MAX_BYTES = 64 * MIB;

  /** The largest cap {@link #read} accepts: the largest byte array the JVM allocates. */
  public static final long MAX_CAP = Integer.MAX_VALUE - 8;

  private BoundedFiles() {}

  /**
   * Checks, without opening it, that {@code file} is a regular file of at most {@code maxBytes}.
   *
   * @param file the file; symbolic links are followed
   * @param maxBytes the cap, {@code 0..}{@link #MAX_CAP}
   * @param description what the file should be, for the message: {@code "a config file"} gives
   *     {@code ... over the 4 MiB limit for a config file}
   * @return the file's size in bytes
   * @throws NoSuchFileException when the file does not exist
   * @throws RefusedFileException when it is not a regular file or is larger than {@code maxBytes}
   * @throws IOException when its attributes cannot be read
   * @throws IllegalArgumentException when {@code maxBytes} is out of range
   */
  public static long check(Path file, long maxBytes, String description) throws IOException {
    requireNonNull(file, "file");
    requireNonNull(description, "description");
    if (maxBytes < 0 || maxBytes > MAX_CAP) {
      throw new IllegalArgumentException(
          "maxBytes: " + maxBytes + " (expected: 0.." + MAX_CAP + ")");
    }
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new RefusedFileException(file, "not a regular file (" + kind(file, attributes) + ")");
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(file, attributes.size() + " bytes", maxBytes, description);
    }
    return attributes.size();
  }

  /**
   * Reads a whole file after {@link #check checking} it, reading at most {@code maxBytes}.
   *
   * @param file the file; symbolic links are followed
   * @param maxBytes the cap, {@code 0..}{@link #MAX_CAP}
   * @param description what the file should be, for the message, e.g. {@code "a Wasm module"}
   * @return the file's bytes
   * @throws NoSuchFileException when the file does not exist
   * @throws RefusedFileException when it is not a regular file or is, or grows while being read,
   *     larger than {@code maxBytes}
   * @throws IOException when it cannot be opened or read
   * @throws IllegalArgumentException when {@code maxBytes} is out of range
   */
  public static byte[] read(Path file, long maxBytes, String description) throws IOException {
    check(file, maxBytes, description);
    try (InputStream in = Files.newInputStream(file)) {
      return readAtMost(in, file, maxBytes, description);
    }
  }

  /** Reads {@code in} to its end, refusing it once it yields more than {@code maxBytes}. */
  static byte[] readAtMost(InputStream in, Path file, long maxBytes, String description)
      throws IOException {
    byte[] bytes = in.readNBytes((int) maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw tooLarge(file, "more than " + maxBytes + " bytes when read", maxBytes, description);
    }
    return bytes;
  }

  private static RefusedFileException tooLarge(
      Path file, String size, long maxBytes, String description) {
    return new RefusedFileException(
        file, size + ", over the " + amount(maxBytes) + " limit for " + description);
  }

  /** {@code 4 MiB}, {@code 8 KiB} or {@code 100 bytes}. */
  private static String amount(long bytes) {
    if (bytes >= MIB && bytes % MIB == 0) {
      return bytes / MIB + " MiB";
    }
    if (bytes >= KIB && bytes % KIB == 0) {
      return bytes / KIB + " KiB";
    }
    return bytes + (bytes == 1 ? " byte" : " bytes");
  }

  /** What a file that is not a regular file is, as precisely as the platform tells. */
  private static String kind(Path file, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    try {
      // The "unix" attribute view (st_mode) exists on Linux and macOS JDKs; file type bits S_IFMT.
      int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
      switch (type) {
        case 0010000:
          return "a named pipe";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        case 0140000:
          return "a socket";
        default:
          break;
      }
    } catch (IOException | RuntimeException e) {
      // no unix view on this platform: fall through to the generic answer
    }
    return "a device, pipe or socket";
  }

  /**
   * A file refused without being read in full: not a regular file, or over the cap. The message is
   * {@code <file>: <reason>}; {@link #getReason()} is the reason alone.
   */
  public static final class RefusedFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    RefusedFileException(Path file, String reason) {
      super(file.toString(), null, reason);
    }
  }
}
