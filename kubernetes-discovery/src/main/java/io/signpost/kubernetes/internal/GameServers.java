package io.signpost.kubernetes.internal;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The Agones resources, addressed generically: no Agones classes are needed. */
final class GameServers {

  static final ResourceDefinitionContext GAME_SERVERS =
      new ResourceDefinitionContext.Builder()
          .withGroup("agones.dev")
          .withVersion("v1")
          .withKind("GameServer")
          .withPlural("gameservers")
          .withNamespaced(true)
          .build();

  static final String ALLOCATION_API = "allocation.agones.dev/v1";
  static final String ALLOCATIONS_PATH =
      "apis/allocation.agones.dev/v1/namespaces/%s/gameserverallocations";

  private GameServers() {}
}
