package io.signpost.plugin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.List;

/**
 * One entry of the {@code plugins} list, with defaults applied.
 *
 * <p>The common fields are read and validated by the configuration loader. The backend section, the
 * object under the key named by {@code type} ({@code wasm:} or {@code grpc:}), is handed to the
 * {@link PluginFactory} for that type as a raw tree: the factory owns its schema and validates it
 * in {@link PluginFactory#validate}.
 *
 * @param name unique plugin name
 * @param type backend type, for example {@code wasm} or {@code grpc}
 * @param stage chain stage; default {@link Stage#ROUTE}
 * @param before names of plugins that must run after this one (same stage)
 * @param after names of plugins that must run before this one (same stage)
 * @param timeout per-call limit; default {@link #DEFAULT_TIMEOUT}
 * @param onError failure policy; default {@link OnError#CONTINUE}
 * @param config plugin-defined configuration handed to the plugin (any JSON value); {@link
 *     MissingNode} when absent
 * @param backend the backend section ({@code wasm:} / {@code grpc:}); {@link MissingNode} when
 *     absent
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
    JsonNode backend) {

  /** The per-call limit when {@code timeout} is not set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  public PluginConfig {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    stage = stage == null ? Stage.ROUTE : stage;
    before = before == null ? List.of() : List.copyOf(before);
    after = after == null ? List.of() : List.copyOf(after);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    onError = onError == null ? OnError.CONTINUE : onError;
    config = config == null ? MissingNode.getInstance() : config.deepCopy();
    backend = backend == null ? MissingNode.getInstance() : backend.deepCopy();
  }

  /** A plugin with defaults for everything but name, type and backend section. */
  public static PluginConfig of(String name, String type, JsonNode backend) {
    return new PluginConfig(name, type, null, null, null, null, null, null, backend);
  }
}
