package io.signpost.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.signpost.discovery.DiscoveryContext;
import io.signpost.discovery.DiscoveryProvider;
import io.signpost.discovery.DiscoveryProviderConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.plugin.Backend;
import io.signpost.runtime.Eventually;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** A provider under test: built from a YAML section, started, its lists recorded. */
final class Providers implements AutoCloseable {

  private static final ObjectMapper YAML = new YAMLMapper();

  final DiscoveryProvider provider;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicReference<List<Backend>> latest = new AtomicReference<>();
  private final AtomicInteger lists = new AtomicInteger();

  private Providers(DiscoveryProviderFactory factory, String type, String section)
      throws Exception {
    JsonNode node = YAML.readTree(section);
    provider =
        factory.create(
            new DiscoveryProviderConfig("test", type, node),
            new DiscoveryContext(scheduler, System::nanoTime));
  }

  static Providers kubernetes(String section) throws Exception {
    return new Providers(new KubernetesDiscoveryFactory(), "kubernetes", section);
  }

  static Providers agones(String section) throws Exception {
    return new Providers(new AgonesDiscoveryFactory(), "agones", section);
  }

  Providers start() {
    provider.start(
        backends -> {
          latest.set(backends);
          lists.incrementAndGet();
        });
    return this;
  }

  /** The last list published; null before the first. */
  List<Backend> latest() {
    return latest.get();
  }

  /** How many lists were published. */
  int published() {
    return lists.get();
  }

  /** Waits for a published list that {@code done} accepts. */
  List<Backend> await(String what, Predicate<List<Backend>> done) throws Exception {
    return Eventually.until(what, latest::get, l -> l != null && done.test(l));
  }

  /** Waits for a list of exactly these addresses, in order. */
  List<Backend> awaitAddresses(String... addresses) throws Exception {
    List<String> want = List.of(addresses);
    return await("addresses " + want, l -> l.stream().map(Backend::address).toList().equals(want));
  }

  @Override
  public void close() {
    try {
      provider.close();
    } finally {
      scheduler.shutdownNow();
    }
  }
}
