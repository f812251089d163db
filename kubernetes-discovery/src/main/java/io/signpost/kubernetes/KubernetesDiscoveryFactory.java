package io.signpost.kubernetes;

import io.signpost.configtree.ConfigProblem;
import io.signpost.discovery.DiscoveryContext;
import io.signpost.discovery.DiscoveryProvider;
import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.kubernetes.internal.Descriptions;
import io.signpost.kubernetes.internal.KubernetesProvider;
import io.signpost.kubernetes.internal.KubernetesSettings;
import io.signpost.kubernetes.internal.SectionCheck;
import java.util.List;

/**
 * {@code type: kubernetes}: backends from Pods and EndpointSlices, with Hyrouter's rules (see
 * docs/discovery.md). {@link #validate} parses every label selector as the API server would, so a
 * malformed one stops the configuration from loading.
 */
public final class KubernetesDiscoveryFactory implements DiscoveryProviderFactory {

  @Override
  public String type() {
    return "kubernetes";
  }

  @Override
  public List<ConfigProblem> validate(DiscoveryProviderConfig config, String path) {
    return SectionCheck.kubernetes(config.section(), path + ".kubernetes");
  }

  @Override
  public String describe(DiscoveryProviderConfig config) {
    return Descriptions.kubernetes(KubernetesSettings.read(config.section()));
  }

  @Override
  public DiscoveryProvider create(DiscoveryProviderConfig config, DiscoveryContext context) {
    return KubernetesProvider.create(
        config.name(), KubernetesSettings.read(config.section()), context);
  }
}
