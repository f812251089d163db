package io.signpost.config.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.signpost.config.ConfigException;
import io.signpost.config.ConfigFormat;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.json.GoJson;
import java.io.IOException;
import java.util.List;

/**
 * Turns the text of a configuration file into the tree the readers walk, by the rules of the Go
 * library Hyrouter reads that format with: {@link YamlTree} for YAML (yaml.v3), {@link GoJson} for
 * JSON ({@code encoding/json}). A missing or {@code null} document is an empty object.
 */
public final class DocumentTree {

  private static final GoJson JSON =
      new GoJson(StreamReadConstraints.builder().maxNestingDepth(YamlTree.MAX_DEPTH).build());

  private DocumentTree() {}

  /**
   * Reads {@code text}.
   *
   * @param source the file name for messages
   * @throws ConfigException when the text is not a document of the format, with the line and column
   *     of the problem
   */
  public static JsonNode read(String source, String text, ConfigFormat format)
      throws ConfigException {
    JsonNode tree;
    if (format == ConfigFormat.YAML) {
      try {
        tree = YamlTree.read(text);
      } catch (YamlTree.Refused e) {
        throw new ConfigException(source, List.of(ConfigProblem.error(e.path, e.getMessage())));
      }
    } else {
      try {
        tree = JSON.read(text);
      } catch (JsonProcessingException e) {
        String where =
            e.getLocation() == null
                ? ""
                : " at line "
                    + e.getLocation().getLineNr()
                    + ", column "
                    + e.getLocation().getColumnNr();
        throw new ConfigException(
            source,
            List.of(
                ConfigProblem.error(
                    "", "JSON syntax error" + where + ": " + e.getOriginalMessage())));
      } catch (IOException e) {
        throw new ConfigException(source, List.of(ConfigProblem.error("", "cannot read: " + e)));
      }
    }
    return tree == null || tree.isNull() ? JsonNodeFactory.instance.objectNode() : tree;
  }

  /** The decoding rules for a format. */
  public static ConfigNode.Dialect dialect(ConfigFormat format) {
    return format == ConfigFormat.YAML ? ConfigNode.Dialect.YAML : ConfigNode.Dialect.JSON;
  }
}
