package io.signpost.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.admin.AdminActions;
import io.signpost.config.LoadedConfig;
import io.signpost.config.RedactedDocument;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The admin endpoint's {@code POST /admin/reload} and {@code GET /debug/config} on a runtime. */
final class ReloadActions implements AdminActions {

  private final SignpostRuntime runtime;

  ReloadActions(SignpostRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public CompletableFuture<Reply> reload() {
    return runtime.reload("admin").thenApply(ReloadActions::reply);
  }

  @Override
  public ObjectNode config() {
    LoadedConfig loaded = runtime.loadedConfig();
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("generation", runtime.generation());
    body.put("digest", loaded.digest());
    body.put("source", runtime.source().describe());
    body.set("config", RedactedDocument.of(loaded.document()));
    return body;
  }

  static Reply reply(ReloadResult result) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("result", result.result().tag());
    body.put("trigger", result.trigger());
    body.put("generation", result.generation());
    body.put("digest", result.digest());
    body.put("took_ms", result.took().toMillis());
    array(body, "errors", result.errors());
    ObjectNode plugins = body.putObject("plugins");
    array(plugins, "created", result.created());
    array(plugins, "kept", result.kept());
    array(plugins, "removed", result.removed());
    int status =
        switch (result.result()) {
          case APPLIED, UNCHANGED -> 200;
          case REFUSED -> 409;
          case FAILED -> 500;
        };
    return new Reply(status, body);
  }

  private static void array(ObjectNode parent, String key, List<String> values) {
    ArrayNode array = parent.putArray(key);
    values.forEach(array::add);
  }
}
