package io.signpost.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.signpost.discovery.DiscoveryContext;
import io.signpost.discovery.DiscoveryProvider;
import io.signpost.discovery.DiscoveryStatus;
import io.signpost.discovery.SyncTracker;
import io.signpost.plugin.Backend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code agones} provider in observe mode: {@code agones.dev/v1} GameServers from a shared
 * informer per namespace (or one across all), listing and watching what the label selector selects;
 * each GameServer in an allowed state with an address and a port is a backend ({@link
 * GameServerRules}).
 */
public final class AgonesObserveProvider implements DiscoveryProvider {

  private static final Comparator<GenericKubernetesResource> BY_NAME =
      Comparator.comparing(
              (GenericKubernetesResource o) -> String.valueOf(o.getMetadata().getNamespace()))
          .thenComparing(o -> String.valueOf(o.getMetadata().getName()));

  private final AgonesSettings settings;
  private final KubernetesClient client;
  private final DiscoveryContext context;
  private final SyncTracker tracker;
  private final WatchSet watches;
  private final GameServerRules rules;
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

  /** A provider on a new client for {@code settings.kubeconfig()}. */
  public static AgonesObserveProvider create(
      String name, AgonesSettings settings, DiscoveryContext context) {
    return new AgonesObserveProvider(
        name, settings, KubernetesClients.create(settings.kubeconfig(), true), context);
  }

  AgonesObserveProvider(
      String name, AgonesSettings settings, KubernetesClient client, DiscoveryContext context) {
    this.settings = settings;
    this.client = client;
    this.context = context;
    this.tracker = new SyncTracker(settings.staleAfter(), context.nanoClock());
    this.watches = new WatchSet(name, tracker, this::build);
    this.rules = new GameServerRules(settings);
    List<String> namespaces =
        settings.namespaces().isEmpty() ? Collections.singletonList(null) : settings.namespaces();
    for (String ns : namespaces) {
      informers.add(watches.add(gameServers(ns)));
    }
  }

  private Informable<GenericKubernetesResource> gameServers(String namespace) {
    var all = client.genericKubernetesResources(GameServers.GAME_SERVERS);
    var op = namespace == null ? all.inAnyNamespace() : all.inNamespace(namespace);
    String selector = settings.labels().expression();
    return selector.isEmpty() ? op : op.withLabelSelector(selector);
  }

  @Override
  public void start(Listener listener) {
    watches.start(listener, context.scheduler());
  }

  private List<Backend> build() {
    List<GenericKubernetesResource> items = new ArrayList<>();
    for (SharedIndexInformer<GenericKubernetesResource> informer : informers) {
      items.addAll(informer.getStore().list());
    }
    items.sort(BY_NAME);
    List<Backend> out = new ArrayList<>(items.size());
    for (GenericKubernetesResource gs : items) {
      var meta = gs.getMetadata();
      if (meta == null
          || !settings.labels().matches(meta.getLabels())
          || !settings.annotations().matches(meta.getAnnotations())) {
        continue;
      }
      Map<String, Object> status = GameServerRules.map(gs.getAdditionalProperties().get("status"));
      rules
          .backend(
              meta.getNamespace(), meta.getName(), meta.getLabels(), meta.getAnnotations(), status)
          .ifPresent(out::add);
    }
    return out;
  }

  @Override
  public DiscoveryStatus status() {
    return tracker.status();
  }

  @Override
  public void close() {
    try {
      watches.close();
    } finally {
      client.close();
    }
  }
}
