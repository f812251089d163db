package io.signpost.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 digest of files' contents, read through {@link BoundedFiles}: what a reload compares
 * to tell a file that changed from one that did not, whatever its modification time says.
 */
public final class FileDigest {

  private FileDigest() {}

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String of(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /**
   * {@code sha256:<hex>} over the files in order (each file's name and length are hashed too, so
   * moving bytes from one file to the next changes the digest); {@code unreadable <file>: <why>}
   * when one cannot be read within {@code maxBytes}. Never throws for a bad file.
   */
  public static String of(List<Path> files, long maxBytes) {
    MessageDigest digest = sha256();
    for (Path file : files) {
      byte[] bytes;
      try {
        bytes = BoundedFiles.read(file, maxBytes, "a file");
      } catch (IOException | RuntimeException e) {
        return "unreadable " + file + ": " + e.getMessage();
      }
      digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
      digest.update(Long.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      digest.update(bytes);
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
