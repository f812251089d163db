package io.signpost.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.configtree.ConfigNode;
import io.signpost.file.FileDigest;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * In-memory plugins of type {@code fake}, whose behaviour is chosen per SNI by their {@code config}
 * node:
 *
 * <pre>
 * config:
 *   ready: false                       # isReady(); default true
 *   warm_up: manual                    # warmUp() waits for warmUp(name).complete(null);
 *                                      # never: it never completes; default: completed
 *   rules:
 *     deny.example.com: {deny: true, reason: "banned"}
 *     loud.example.com: {deny: true, reason: "no! ", reason_repeat: 262144}  # a 1 MiB reason
 *     slow.example.com: {delay_ms: 300, content: "hello"}
 *     hang.example.com: {hang: true}   # never answers
 *     held.example.com: {hold: true}   # answers once the test calls release()
 *     "*": {content: "for everyone"}   # any other SNI; absent means: change nothing
 *     moved.example.com: {backend_host: "other"}   # the routed backend's port on another host
 *   file: /path                        # fingerprint: the file's digest (a module, for reloads)
 * </pre>
 *
 * Every request a plugin receives is recorded under the plugin's name.
 */
final class FakePlugins implements PluginFactory<JsonNode> {

  static final String TYPE = "fake";

  private final Map<String, BlockingQueue<ConnectRequest>> seen = new ConcurrentHashMap<>();
  private final Map<String, AtomicBoolean> ready = new ConcurrentHashMap<>();
  private final Set<String> closed = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<Void>> warmUps = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> released = new CompletableFuture<>();

  /** The factories map for the config loader. */
  Map<String, PluginFactory<?>> factories() {
    return Map.of(TYPE, this);
  }

  /** Requests the plugin named {@code plugin} received, oldest first. */
  BlockingQueue<ConnectRequest> requests(String plugin) {
    return seen.computeIfAbsent(plugin, p -> new LinkedBlockingQueue<>());
  }

  /** The next request {@code plugin} receives, waiting at most 30 s. */
  ConnectRequest nextRequest(String plugin) throws InterruptedException {
    ConnectRequest request = requests(plugin).poll(30, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("plugin " + plugin + " received no request within 30 s");
    }
    return request;
  }

  /** Names of the created plugins that were closed. */
  Set<String> closed() {
    return closed;
  }

  /**
   * The future the plugin {@code plugin} answers {@code warmUp} with (under {@code warm_up:
   * manual}); created on first use, so a test may complete it before the plugin asks.
   */
  CompletableFuture<Void> warmUp(String plugin) {
    return warmUps.computeIfAbsent(plugin, p -> new CompletableFuture<>());
  }

  /** Lets the answers of every {@code hold} rule go, from another thread. */
  void release() {
    released.complete(null);
  }

  /** Switches a created plugin's readiness. */
  void setReady(String plugin, boolean value) {
    ready.get(plugin).set(value);
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** Entries read, by plugin name: one read per entry, at validation. */
  final Map<String, Integer> reads = new ConcurrentHashMap<>();

  /** The options each plugin was created with, by plugin name. */
  final Map<String, JsonNode> createdWith = new ConcurrentHashMap<>();

  /** The options are the plugin's own {@code config}, with its rules. */
  @Override
  public JsonNode read(PluginConfig config, ConfigNode entry) {
    reads.merge(config.name(), 1, Integer::sum);
    JsonNode rules = config.config().path("rules");
    if (!rules.isMissingNode() && !rules.isObject()) {
      entry.get("config").get("rules").error("expected: a map of SNI to rule");
      return null;
    }
    return config.config();
  }

  /** How many plugins of each name were created. */
  final Map<String, Integer> creations = new ConcurrentHashMap<>();

  /** How often each plugin was asked to warm up. */
  final Map<String, Integer> warmUpCalls = new ConcurrentHashMap<>();

  /** A {@code file} in the plugin's config stands for a module: its content decides reloads. */
  @Override
  public String fingerprint(PluginConfig config, JsonNode options) {
    JsonNode file = options.path("file");
    return file.isTextual() ? FileDigest.of(List.of(Path.of(file.textValue())), 1 << 20) : "";
  }

  @Override
  public Plugin create(PluginConfig config, JsonNode options, PluginContext context) {
    createdWith.put(config.name(), options);
    creations.merge(config.name(), 1, Integer::sum);
    AtomicBoolean isReady = new AtomicBoolean(config.config().path("ready").asBoolean(true));
    ready.put(config.name(), isReady);
    BlockingQueue<ConnectRequest> log = requests(config.name());
    JsonNode rules = config.config().path("rules");
    String warmUpMode = config.config().path("warm_up").asText("");
    return new Plugin() {
      @Override
      public String name() {
        return config.name();
      }

      @Override
      public CompletableFuture<ConnectResponse> onConnect(
          ConnectRequest request, Deadline deadline) {
        log.add(request);
        JsonNode rule = rules.path(request.event().sni());
        if (rule.isMissingNode()) {
          rule = rules.path("*");
        }
        if (rule.path("hang").asBoolean(false)) {
          return new CompletableFuture<>();
        }
        ConnectResponse response = response(rule, request);
        if (rule.path("hold").asBoolean(false)) {
          return released.thenApplyAsync(v -> response);
        }
        long delay = rule.path("delay_ms").asLong(0);
        return delay == 0
            ? CompletableFuture.completedFuture(response)
            : CompletableFuture.supplyAsync(
                () -> response, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
      }

      @Override
      public CompletableFuture<Void> warmUp(Deadline deadline) {
        FakePlugins.this.warmUpCalls.merge(config.name(), 1, Integer::sum);
        return switch (warmUpMode) {
          case "manual" -> FakePlugins.this.warmUp(config.name());
          case "never" -> new CompletableFuture<>();
          default -> CompletableFuture.completedFuture(null);
        };
      }

      @Override
      public boolean isReady() {
        return isReady.get();
      }

      @Override
      public void close() {
        closed.add(config.name());
      }
    };
  }

  private static ConnectResponse response(JsonNode rule, ConnectRequest request) {
    if (rule.path("deny").asBoolean(false)) {
      String reason = rule.path("reason").textValue();
      int repeat = rule.path("reason_repeat").asInt(1);
      return new ConnectResponse(
          true, reason == null ? null : reason.repeat(repeat), null, null, null, null);
    }
    JsonNode content = rule.path("content");
    JsonNode host = rule.path("backend_host");
    return new ConnectResponse(
        false,
        null,
        null,
        null,
        host.isTextual() ? Backend.of(host.textValue(), request.backend().port()) : null,
        content.isTextual() ? content.textValue().getBytes(StandardCharsets.UTF_8) : null);
  }
}
