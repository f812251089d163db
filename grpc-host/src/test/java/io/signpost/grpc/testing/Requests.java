package io.signpost.grpc.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.PluginContext;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Requests shaped like the ones the chain sends, and a plugin context for tests. */
public final class Requests {

  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "test-scheduler");
            thread.setDaemon(true);
            return thread;
          });

  private Requests() {}

  public static ConnectRequest request(String sni, String username) {
    ConnectEvent event =
        new ConnectEvent(
            sni,
            null,
            "hash",
            0,
            "4f0c1a2e-0000-4000-8000-000000000001",
            username,
            "en",
            true,
            "hytale/2");
    List<Backend> candidates = List.of(Backend.of("10.0.0.1", 5520), Backend.of("10.0.0.2", 5520));
    return new ConnectRequest(event, "round_robin", candidates, 0, candidates.get(0), null);
  }

  public static PluginContext context() {
    return context(new SimpleMeterRegistry());
  }

  public static PluginContext context(SimpleMeterRegistry registry) {
    return new PluginContext(registry, SCHEDULER);
  }
}
