package io.signpost.kubernetes.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.signpost.discovery.DiscoveryContext;
import io.signpost.discovery.DiscoveryProvider;
import io.signpost.discovery.DiscoveryStatus;
import io.signpost.discovery.SyncTracker;
import io.signpost.kubernetes.internal.KubernetesSettings.Kind;
import io.signpost.kubernetes.internal.KubernetesSettings.Resource;
import io.signpost.plugin.Backend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code kubernetes} provider: Pods and EndpointSlices from shared informers, one per resource
 * and namespace (or one across all namespaces), each listing and watching only what its label
 * selector selects. The backend list is rebuilt from the caches on every change (see {@link
 * WatchSet}), resources in configuration order, objects by namespace and name.
 */
public final class KubernetesProvider implements DiscoveryProvider {

  private static final Comparator<HasMetadata> BY_NAME =
      Comparator.comparing((HasMetadata o) -> String.valueOf(o.getMetadata().getNamespace()))
          .thenComparing(o -> String.valueOf(o.getMetadata().getName()));

  /** A resource's rules and the informers that feed them. */
  private record Source<T>(Resource resource, List<SharedIndexInformer<T>> informers) {}

  private final KubernetesSettings settings;
  private final KubernetesClient client;
  private final DiscoveryContext context;
  private final SyncTracker tracker;
  private final WatchSet watches;
  private final List<Source<?>> sources = new ArrayList<>();

  /** A provider on a new client for {@code settings.kubeconfig()}. */
  public static KubernetesProvider create(
      String name, KubernetesSettings settings, DiscoveryContext context) {
    return new KubernetesProvider(
        name, settings, KubernetesClients.create(settings.kubeconfig(), true), context);
  }

  KubernetesProvider(
      String name, KubernetesSettings settings, KubernetesClient client, DiscoveryContext context) {
    this.settings = settings;
    this.client = client;
    this.context = context;
    this.tracker = new SyncTracker(settings.staleAfter(), context.nanoClock());
    this.watches = new WatchSet(name, tracker, this::build);
    for (Resource r : settings.resources()) {
      if (r.kind() == Kind.PODS) {
        Source<Pod> s = new Source<>(r, new ArrayList<>());
        for (String ns : namespacesOrAll(r)) {
          s.informers().add(watches.add(pods(ns, r)));
        }
        sources.add(s);
      } else if (r.kind() == Kind.ENDPOINT_SLICES) {
        Source<EndpointSlice> s = new Source<>(r, new ArrayList<>());
        for (String ns : namespacesOrAll(r)) {
          s.informers().add(watches.add(slices(ns, r)));
        }
        sources.add(s);
      }
    }
  }

  /** The namespaces of a resource; a single null stands for all namespaces. */
  private List<String> namespacesOrAll(Resource r) {
    List<String> ns = r.namespaces(settings.namespaces());
    return ns.isEmpty() ? java.util.Collections.singletonList(null) : ns;
  }

  private Informable<Pod> pods(String namespace, Resource r) {
    var op =
        namespace == null ? client.pods().inAnyNamespace() : client.pods().inNamespace(namespace);
    String selector = serverSelector(r);
    return selector.isEmpty() ? op : op.withLabelSelector(selector);
  }

  private Informable<EndpointSlice> slices(String namespace, Resource r) {
    var all = client.discovery().v1().endpointSlices();
    var op = namespace == null ? all.inAnyNamespace() : all.inNamespace(namespace);
    String selector = serverSelector(r);
    return selector.isEmpty() ? op : op.withLabelSelector(selector);
  }

  private static String serverSelector(Resource r) {
    try {
      return r.serverSelector().expression();
    } catch (LabelSelector.InvalidSelectorException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public void start(Listener listener) {
    watches.start(listener, context.scheduler());
  }

  @SuppressWarnings("unchecked")
  private List<Backend> build() {
    List<Backend> out = new ArrayList<>();
    for (Source<?> source : sources) {
      if (source.resource().kind() == Kind.PODS) {
        PodRules rules = new PodRules(settings, source.resource());
        for (Pod pod : sorted((Source<Pod>) source)) {
          rules.backend(pod).ifPresent(out::add);
        }
      } else {
        EndpointSliceRules rules = new EndpointSliceRules(settings, source.resource());
        for (EndpointSlice slice : sorted((Source<EndpointSlice>) source)) {
          out.addAll(rules.backends(slice));
        }
      }
    }
    return out;
  }

  private static <T extends HasMetadata> List<T> sorted(Source<T> source) {
    List<T> items = new ArrayList<>();
    for (SharedIndexInformer<T> informer : source.informers()) {
      items.addAll(informer.getStore().list());
    }
    items.sort(BY_NAME);
    return items;
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
