package io.signpost.cli;

import java.io.IOException;

/**
 * The Java gRPC example plugin as a process of its own, as it runs in production: {@link
 * GrpcExampleProcess} starts it, reads the port from its first line of standard output ({@code
 * port=N}) and stops it by closing its standard input.
 */
public final class GrpcExampleServerMain {

  private GrpcExampleServerMain() {}

  public static void main(String[] args) throws Exception {
    try (ExamplePlugins.OwnThreadsServer server = ExamplePlugins.startGrpcExampleOnOwnThreads()) {
      System.out.println("port=" + server.port());
      System.out.flush();
      waitForEndOfInput();
    }
  }

  private static void waitForEndOfInput() throws IOException {
    byte[] buffer = new byte[256];
    while (System.in.read(buffer) >= 0) {
      // the parent closes our stdin to stop us
    }
  }
}
