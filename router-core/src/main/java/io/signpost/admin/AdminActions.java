package io.signpost.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * What the admin endpoint may ask of the router beyond reading its state: {@code POST
 * /admin/reload} and {@code GET /debug/config}. The router implements it; the admin endpoint knows
 * nothing of configuration or plugins.
 */
public interface AdminActions {

  /** A reply: an HTTP status and a JSON body. */
  record Reply(int status, ObjectNode body) {}

  /**
   * Reloads the configuration. Called on the admin event loop; must not block: the reload runs
   * elsewhere and the future completes with its outcome.
   */
  CompletableFuture<Reply> reload();

  /** The configuration in service, secrets redacted, with its generation and digest. */
  ObjectNode config();

  /** No actions: reload answers 404, the configuration view is empty. */
  AdminActions NONE =
      new AdminActions() {
        @Override
        public CompletableFuture<Reply> reload() {
          ObjectNode body = JsonNodeFactory.instance.objectNode();
          body.put("result", "refused");
          body.putArray("errors").add("this router cannot reload");
          return CompletableFuture.completedFuture(new Reply(409, body));
        }

        @Override
        public ObjectNode config() {
          return JsonNodeFactory.instance.objectNode();
        }
      };
}
