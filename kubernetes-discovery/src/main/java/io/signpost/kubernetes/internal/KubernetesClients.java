package io.signpost.kubernetes.internal;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.signpost.discovery.ProviderSetupException;
import io.signpost.file.BoundedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Builds the fabric8 client a provider talks through, on the JDK's HTTP client.
 *
 * <p>With a {@code kubeconfig} path, that file's current context. Without one, fabric8's automatic
 * configuration: a kubeconfig found the usual way ({@code KUBECONFIG}, {@code ~/.kube/config}) when
 * there is one, else the pod's service account (in-cluster: {@code KUBERNETES_SERVICE_HOST} and the
 * mounted token, which is re-read when it rotates).
 */
public final class KubernetesClients {

  private KubernetesClients() {}

  /**
   * @param kubeconfig a kubeconfig path, or empty for the automatic configuration
   * @param retryRequests whether failed requests are retried with back-off; off for allocations,
   *     which must not be sent twice
   * @throws ProviderSetupException when the kubeconfig cannot be read or parsed
   */
  public static KubernetesClient create(String kubeconfig, boolean retryRequests) {
    Config config = config(kubeconfig);
    if (!retryRequests) {
      config.setRequestRetryBackoffLimit(0);
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static Config config(String kubeconfig) {
    if (kubeconfig.isEmpty()) {
      return Config.autoConfigure(null);
    }
    Path path = Path.of(kubeconfig);
    String text;
    try {
      text =
          new String(
              BoundedFiles.read(path, BoundedFiles.CONFIG_FILE_MAX_BYTES, "a kubeconfig"),
              StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ProviderSetupException("cannot read kubeconfig " + kubeconfig + ": " + e, e);
    }
    try {
      return Config.fromKubeconfig(null, text, path.toAbsolutePath().toString());
    } catch (KubernetesClientException | IllegalArgumentException e) {
      throw new ProviderSetupException(
          "kubeconfig " + kubeconfig + " is not usable: " + e.getMessage(), e);
    }
  }
}
