package io.signpost.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A tree of template files on the classpath (a directory in development, entries in the runnable
 * jar), written out with {@code {{key}}} placeholders replaced. A path segment {@code dot-X} is
 * written as {@code .X} (Maven leaves files such as {@code .gitignore} out of resources); {@code
 * *.sh} files are made executable.
 */
final class ProjectTemplate {

  private final Map<String, byte[]> files;

  private ProjectTemplate(Map<String, byte[]> files) {
    this.files = files;
  }

  /**
   * Reads the template under {@code root} (for example {@code templates/rust}); {@code marker} is a
   * file known to be in it, used to find the tree.
   *
   * @throws IllegalStateException when the template is not on the classpath
   */
  static ProjectTemplate load(String root, String marker) {
    URL url = ProjectTemplate.class.getClassLoader().getResource(root + "/" + marker);
    if (url == null) {
      throw new IllegalStateException("template " + root + " is missing from the classpath");
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem jar;
        try {
          jar = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          jar = FileSystems.getFileSystem(uri);
        }
        return new ProjectTemplate(read(jar.getPath(root)));
      }
      return new ProjectTemplate(read(Path.of(uri).getParent()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, byte[]> read(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String relative = dir.relativize(file).toString().replace('\\', '/');
        out.put(relative, Files.readAllBytes(file));
      }
    }
    return out;
  }

  /**
   * Writes every file under {@code target}, replacing each {@code {{key}}} of {@code values} when
   * {@code substitute} is true, and returns the paths written.
   */
  List<Path> writeTo(Path target, Map<String, String> values, boolean substitute)
      throws IOException {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path out = target.resolve(outputPath(file.getKey()));
      Files.createDirectories(out.getParent());
      byte[] bytes = file.getValue();
      if (substitute) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> v : values.entrySet()) {
          text = text.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        bytes = text.getBytes(StandardCharsets.UTF_8);
      }
      Files.write(out, bytes);
      if (out.getFileName().toString().endsWith(".sh")) {
        makeExecutable(out);
      }
      written.add(out);
    }
    return written;
  }

  private static String outputPath(String templatePath) {
    StringBuilder out = new StringBuilder();
    for (String segment : templatePath.split("/")) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(segment.startsWith("dot-") ? "." + segment.substring(4) : segment);
    }
    return out.toString();
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      file.toFile().setExecutable(true);
    }
  }
}
