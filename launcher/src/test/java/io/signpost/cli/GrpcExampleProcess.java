package io.signpost.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link GrpcExampleServerMain} in a child JVM on this class path, so that the connect benchmark
 * measures the router's side of a gRPC plugin only, and reads the plugin server's CPU time from the
 * operating system ({@link #cpu()}).
 */
final class GrpcExampleProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;

  private GrpcExampleProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the child and waits (at most a minute) for its port. */
  static GrpcExampleProcess start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Dio.netty.leakDetection.level=disabled");
    command.add("-cp");
    command.add(classPath());
    command.add(GrpcExampleServerMain.class.getName());
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.startsWith("port=")) {
        return new GrpcExampleProcess(process, Integer.parseInt(line.substring(5).trim()));
      }
    }
    process.destroyForcibly();
    throw new IOException("the gRPC example process printed no port=N line: " + line);
  }

  int port() {
    return port;
  }

  /** CPU time the child has used so far (all its threads), as the operating system counts it. */
  Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The class path of this class: the loader's URLs when it is a URL class loader (Maven's {@code
   * exec:java} runs the benchmark in one), otherwise {@code java.class.path}.
   */
  private static String classPath() {
    if (GrpcExampleProcess.class.getClassLoader() instanceof URLClassLoader loader) {
      List<String> entries = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
          // not a file: the child cannot use it either
        }
      }
      if (!entries.isEmpty()) {
        return String.join(File.pathSeparator, entries);
      }
    }
    return System.getProperty("java.class.path");
  }
}
