package io.signpost.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.signpost.configtree.ConfigProblem;
import io.signpost.file.FileDigest;
import java.util.List;

/**
 * A configuration that loaded, with the warnings found on the way (unknown keys, settings that have
 * no effect); the caller logs them.
 *
 * @param config the configuration
 * @param warnings problems of severity {@link ConfigProblem.Severity#WARNING}
 * @param document the document as read (keys matched as the loader matched them), for {@code
 *     /debug/config}; secrets in it are redacted before it is shown
 * @param digest {@code sha256:<hex>} of the document's text: the configuration's identity in logs,
 *     metrics and reloads
 */
public record LoadedConfig(
    SignpostConfig config, List<ConfigProblem> warnings, JsonNode document, String digest) {

  public LoadedConfig {
    requireNonNull(config, "config");
    warnings = List.copyOf(warnings);
    document = requireNonNull(document, "document").deepCopy();
    requireNonNull(digest, "digest");
  }

  /** A configuration built in code, with no document: the built-in defaults, for instance. */
  public static LoadedConfig of(SignpostConfig config) {
    return new LoadedConfig(
        config, List.of(), JsonNodeFactory.instance.objectNode(), FileDigest.of(new byte[0]));
  }
}
