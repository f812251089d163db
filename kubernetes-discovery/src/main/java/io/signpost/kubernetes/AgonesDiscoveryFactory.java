package io.signpost.kubernetes;

import io.signpost.configtree.ConfigProblem;
import io.signpost.discovery.DiscoveryContext;
import io.signpost.discovery.DiscoveryProvider;
import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.kubernetes.internal.AgonesAllocateProvider;
import io.signpost.kubernetes.internal.AgonesObserveProvider;
import io.signpost.kubernetes.internal.AgonesSettings;
import io.signpost.kubernetes.internal.Descriptions;
import io.signpost.kubernetes.internal.SectionCheck;
import java.util.List;

/**
 * {@code type: agones}: Agones GameServers, read as generic {@code agones.dev/v1} objects (no
 * Agones library). {@code mode: observe} (the default) watches them and routes among those in the
 * configured states; {@code mode: allocate} creates one {@code GameServerAllocation} per
 * connection. See docs/discovery.md.
 */
public final class AgonesDiscoveryFactory implements DiscoveryProviderFactory {

  @Override
  public String type() {
    return "agones";
  }

  @Override
  public List<ConfigProblem> validate(DiscoveryProviderConfig config, String path) {
    return SectionCheck.agones(config.section(), path + ".agones");
  }

  @Override
  public String describe(DiscoveryProviderConfig config) {
    return Descriptions.agones(AgonesSettings.read(config.section()));
  }

  @Override
  public DiscoveryProvider create(DiscoveryProviderConfig config, DiscoveryContext context) {
    AgonesSettings settings = AgonesSettings.read(config.section());
    return settings.allocate()
        ? AgonesAllocateProvider.create(config.name(), settings, context)
        : AgonesObserveProvider.create(config.name(), settings, context);
  }
}
