package io.signpost.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * A Kubernetes API over HTTP on loopback: fabric8's mock server in CRUD mode, which serves lists
 * and watches from its store, with expectations for what CRUD cannot answer. Providers reach it
 * through a kubeconfig file, like a real cluster; the test changes it through {@link #client}.
 */
final class MockCluster implements AutoCloseable {

  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses);
  private KubernetesMockServer server;
  private KubernetesClient client;
  private final int port;

  MockCluster() {
    server = newServer();
    server.init(InetAddress.getLoopbackAddress(), 0);
    port = server.getPort();
    client = server.createClient();
  }

  private KubernetesMockServer newServer() {
    return new KubernetesMockServer(
        new Context(Serialization.jsonMapper()), new MockWebServer(), responses, dispatcher, false);
  }

  /** The client the test changes the cluster with. */
  KubernetesClient client() {
    return client;
  }

  /** The server, for expectations (they win over CRUD). */
  KubernetesMockServer server() {
    return server;
  }

  /** A kubeconfig pointing at this cluster, written into {@code dir}. */
  Path kubeconfig(Path dir) throws IOException {
    Path file = dir.resolve("kubeconfig-" + port + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster:
              server: http://127.0.0.1:%d
        contexts:
          - name: mock
            context: {cluster: mock, user: mock, namespace: default}
        current-context: mock
        users:
          - name: mock
            user: {token: test-token}
        """
            .formatted(port));
    return file;
  }

  /** Stops the API server: every watch drops, nothing answers; {@link #start} brings it back. */
  void stop() {
    client.close();
    server.shutdown();
  }

  /** Starts the API server again on the same port, with the objects it had. */
  void start() {
    server = newServer();
    server.init(InetAddress.getLoopbackAddress(), port);
    client = server.createClient();
  }

  @Override
  public void close() {
    client.close();
    try {
      server.shutdown();
    } catch (IllegalStateException e) {
      // The mock server gives up waiting for its event loop after a busy test; nothing is left
      // listening that another test could reach (each cluster has its own port).
    }
  }
}
