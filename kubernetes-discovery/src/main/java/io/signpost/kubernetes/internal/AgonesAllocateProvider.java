package io.signpost.kubernetes.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.signpost.discovery.AllocationFailedException;
import io.signpost.discovery.AllocationThrottledException;
import io.signpost.discovery.AllocationTimeoutException;
import io.signpost.discovery.DiscoveryContext;
import io.signpost.discovery.DiscoveryProvider;
import io.signpost.discovery.DiscoveryStatus;
import io.signpost.discovery.SyncTracker;
import io.signpost.plugin.Backend;
import io.signpost.plugin.Deadline;
import io.signpost.text.GoDuration;
import io.signpost.text.TextCut;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The {@code agones} provider in allocate mode: one {@code GameServerAllocation} per connection in
 * the first configured namespace, sent asynchronously from the provider's own thread (never the
 * caller's), with at most one allocation started per {@code allocate_min_interval}. An allocation
 * whose turn would come after the connection's deadline is not sent at all; one that has not
 * answered by the deadline fails. Allocations are never retried: a repeated request could allocate
 * a second server.
 */
public final class AgonesAllocateProvider implements DiscoveryProvider {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_API_MESSAGE = 200;

  private final AgonesSettings settings;
  private final KubernetesClient client;
  private final HttpClient http;
  private final SyncTracker tracker;
  private final LongSupplier nanoClock;
  private final ScheduledExecutorService sender;
  private final String url;
  private final String body;
  private final long intervalNanos;
  private long nextSlotNanos;

  /** A provider on a new client for {@code settings.kubeconfig()}. */
  public static AgonesAllocateProvider create(
      String name, AgonesSettings settings, DiscoveryContext context) {
    return new AgonesAllocateProvider(
        name, settings, KubernetesClients.create(settings.kubeconfig(), false), context);
  }

  AgonesAllocateProvider(
      String name, AgonesSettings settings, KubernetesClient client, DiscoveryContext context) {
    this.settings = settings;
    this.client = client;
    this.http = client.getHttpClient();
    this.nanoClock = context.nanoClock();
    this.tracker = new SyncTracker(settings.staleAfter(), nanoClock);
    this.body = AllocationRequest.body(settings);
    String master = client.getMasterUrl().toString();
    this.url =
        (master.endsWith("/") ? master : master + "/")
            + GameServers.ALLOCATIONS_PATH.formatted(settings.allocationNamespace());
    this.intervalNanos = settings.allocateMinInterval().toNanos();
    this.nextSlotNanos = nanoClock.getAsLong();
    this.sender =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "signpost-allocate-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void start(Listener listener) {
    tracker.synced();
  }

  @Override
  public boolean allocates() {
    return true;
  }

  @Override
  public CompletableFuture<List<Backend>> allocate(Deadline deadline) {
    long wait;
    try {
      wait = reserveSlot(deadline);
    } catch (AllocationThrottledException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<List<Backend>> out = new CompletableFuture<>();
    sender.schedule(() -> send(deadline, out), wait, TimeUnit.NANOSECONDS);
    return out;
  }

  /** Takes the next allocation slot when it starts before the deadline; returns the wait. */
  private synchronized long reserveSlot(Deadline deadline) {
    long now = nanoClock.getAsLong();
    long start = nextSlotNanos - now > 0 ? nextSlotNanos : now;
    long wait = start - now;
    if (wait > 0 && wait >= deadline.remainingNanos()) {
      throw new AllocationThrottledException(
          "allocate_min_interval ("
              + GoDuration.format(settings.allocateMinInterval())
              + ") would start this allocation "
              + Duration.ofNanos(wait).toMillis()
              + " ms from now, after the connection's deadline");
    }
    nextSlotNanos = start + intervalNanos;
    return wait;
  }

  private void send(Deadline deadline, CompletableFuture<List<Backend>> out) {
    long remainingMillis = deadline.remainingNanos() / 1_000_000;
    if (remainingMillis <= 0) {
      out.completeExceptionally(
          new AllocationTimeoutException("the connection's deadline passed before allocating"));
      return;
    }
    try {
      HttpRequest request =
          http.newHttpRequestBuilder()
              .uri(url)
              .post("application/json", body)
              .timeout(remainingMillis, TimeUnit.MILLISECONDS)
              .build();
      http.sendAsync(request, String.class)
          .whenComplete(
              (response, error) -> {
                if (error != null) {
                  out.completeExceptionally(
                      new AllocationFailedException(
                          "allocation request to " + url + " failed: " + error, error));
                } else {
                  complete(response, out);
                }
              });
    } catch (RuntimeException e) {
      out.completeExceptionally(
          new AllocationFailedException("allocation request failed: " + e, e));
    }
  }

  private void complete(HttpResponse<String> response, CompletableFuture<List<Backend>> out) {
    try {
      out.complete(List.of(backend(response)));
    } catch (AllocationFailedException e) {
      out.completeExceptionally(e);
    } catch (IOException | RuntimeException e) {
      out.completeExceptionally(
          new AllocationFailedException(
              "allocation answer is not a GameServerAllocation: " + e, e));
    }
  }

  private Backend backend(HttpResponse<String> response) throws IOException {
    String text = response.body() == null ? "" : response.body();
    if (!response.isSuccessful()) {
      throw new AllocationFailedException(
          "allocation refused: HTTP " + response.code() + ": " + apiMessage(text), null);
    }
    Map<String, Object> root = GameServerRules.map(JSON.readValue(text, Map.class));
    Map<String, Object> status = GameServerRules.map(root.get("status"));
    String state = GameServerRules.text(status.get("state"));
    if (!state.equals("Allocated")) {
      throw new AllocationFailedException(
          "no GameServer could be allocated (state " + (state.isEmpty() ? "missing" : state) + ")",
          null);
    }
    String host = GameServerRules.address(status, settings);
    int port = GameServerRules.port(GameServerRules.list(status.get("ports")), settings.port());
    if (host.isEmpty() || port <= 0) {
      throw new AllocationFailedException(
          "allocation returned no address or port for GameServer "
              + GameServerRules.text(status.get("gameServerName")),
          null);
    }
    Map<String, String> meta = new LinkedHashMap<>();
    Map<String, Object> metadata = GameServerRules.map(root.get("metadata"));
    K8sMeta.fill(
        meta,
        settings.allocationNamespace(),
        GameServerRules.text(metadata.get("name")),
        GameServerRules.text(status.get("nodeName")));
    String gameServer = GameServerRules.text(status.get("gameServerName"));
    if (!gameServer.isEmpty()) {
      meta.put("gameserver.name", gameServer);
    }
    meta.put("gameserver.state", state);
    Map<String, Object> gsMeta = GameServerRules.map(status.get("metadata"));
    settings
        .metadata()
        .copy(strings(gsMeta.get("labels")), strings(gsMeta.get("annotations")), meta);
    return new Backend(host, port, Weights.ofMeta(meta), meta);
  }

  private static Map<String, String> strings(Object map) {
    Map<String, String> out = new LinkedHashMap<>();
    GameServerRules.map(map)
        .forEach(
            (k, v) -> {
              if (v instanceof String s) {
                out.put(k, s);
              }
            });
    return out;
  }

  /** The {@code message} of a Kubernetes {@code Status} answer, else the start of the body. */
  private static String apiMessage(String text) {
    try {
      Object message = GameServerRules.map(JSON.readValue(text, Map.class)).get("message");
      if (message instanceof String s && !s.isBlank()) {
        return TextCut.abbreviate(s, MAX_API_MESSAGE);
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: fall through to the raw text
    }
    return text.isBlank() ? "(no body)" : TextCut.abbreviate(text.strip(), MAX_API_MESSAGE);
  }

  @Override
  public DiscoveryStatus status() {
    return tracker.status();
  }

  @Override
  public void close() {
    sender.shutdownNow();
    client.close();
  }
}
