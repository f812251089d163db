package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.signpost.text.GoDuration;
import java.time.Duration;
import java.util.List;

/**
 * One entry of the {@code plugins} list, with defaults applied.
 *
 * <p>The common fields are read and validated by the configuration loader. The backend section, the
 * object under the key named by {@code type} ({@code wasm:} or {@code grpc:}), is read by the
 * {@link PluginFactory} for that type ({@link PluginFactory#read}): the factory owns its schema.
 * The defaults of the common fields are defined here, the configuration's other defaults in {@code
 * io.signpost.config.ConfigDefaults}.
 *
 * @param name unique plugin name
 * @param type backend type, for example {@code wasm} or {@code grpc}
 * @param stage chain stage; default {@link #DEFAULT_STAGE}
 * @param before names of plugins that must run after this one (same stage)
 * @param after names of plugins that must run before this one (same stage)
 * @param timeout per-call limit, {@code > 0}; default {@link #DEFAULT_TIMEOUT}
 * @param onError failure policy; default {@link #DEFAULT_ON_ERROR}; always {@link OnError#CONTINUE}
 *     for a shadow entry, whose failures are never applied (so it never stops a start or blocks
 *     readiness)
 * @param config plugin-defined configuration handed to the plugin (any JSON value); {@link
 *     MissingNode} when absent
 * @param backend the backend section ({@code wasm:} / {@code grpc:}); {@link MissingNode} when
 *     absent
 * @param shadow whether the entry is a shadow: the chain calls it at its position without waiting,
 *     never applies its answer or its failures, and only records what it would have changed;
 *     default false
 */
public record PluginConfig(
    String name,
    String type,
    Stage stage,
    List<String> before,
    List<String> after,
    Duration timeout,
    OnError onError,
    JsonNode config,
    JsonNode backend,
    boolean shadow) {

  /** The per-call limit when {@code timeout} is not set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /** The stage when {@code stage} is not set. */
  public static final Stage DEFAULT_STAGE = Stage.ROUTE;

  /** The failure policy when {@code on_error} is not set: fail open, as Hyrouter does. */
  public static final OnError DEFAULT_ON_ERROR = OnError.CONTINUE;

  public PluginConfig {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    stage = stage == null ? DEFAULT_STAGE : stage;
    before = before == null ? List.of() : List.copyOf(before);
    after = after == null ? List.of() : List.copyOf(after);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException(
          "timeout: " + GoDuration.format(timeout) + " (expected: > 0)");
    }
    onError = shadow ? OnError.CONTINUE : onError == null ? DEFAULT_ON_ERROR : onError;
    config = config == null ? MissingNode.getInstance() : config.deepCopy();
    backend = backend == null ? MissingNode.getInstance() : backend.deepCopy();
  }

  /** An entry that is not a shadow. */
  public PluginConfig(
      String name,
      String type,
      Stage stage,
      List<String> before,
      List<String> after,
      Duration timeout,
      OnError onError,
      JsonNode config,
      JsonNode backend) {
    this(name, type, stage, before, after, timeout, onError, config, backend, false);
  }

  /** The same entry as a shadow (or not). */
  public PluginConfig withShadow(boolean shadow) {
    return new PluginConfig(
        name, type, stage, before, after, timeout, onError, config, backend, shadow);
  }

  /** A plugin with defaults for everything but name, type and backend section. */
  public static PluginConfig of(String name, String type, JsonNode backend) {
    return new PluginConfig(name, type, null, null, null, null, null, null, backend);
  }
}
