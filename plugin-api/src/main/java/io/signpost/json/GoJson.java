package io.signpost.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads JSON into a Jackson tree with the rules Go's {@code encoding/json} applies when it decodes
 * into a struct, so a document written for Hyrouter means the same here.
 *
 * <ul>
 *   <li>A member name given twice is not an error: the later value wins, and when both values are
 *       objects they are merged member by member (Go decodes the second object into the struct the
 *       first one filled).
 *   <li>Member names match field names without regard to case, an exact match first ({@link
 *       #matchFields}); {@code "Routing"} is {@code routing}.
 *   <li>Nothing may follow the top-level value.
 * </ul>
 *
 * Thread-safe.
 */
public final class GoJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonFactory factory;

  /**
   * @param constraints the parser's limits (nesting depth, string and number lengths)
   */
  public GoJson(StreamReadConstraints constraints) {
    this.factory = JsonFactory.builder().streamReadConstraints(constraints).build();
  }

  /**
   * Reads one JSON value.
   *
   * @throws JsonParseException when the text is not one JSON value (its location says where)
   */
  public JsonNode read(String text) throws IOException {
    try (JsonParser parser = factory.createParser(requireNonNull(text, "text"))) {
      return readDocument(parser);
    }
  }

  /** Reads one JSON value from UTF-8 bytes. */
  public JsonNode read(byte[] utf8) throws IOException {
    try (JsonParser parser = factory.createParser(requireNonNull(utf8, "utf8"))) {
      return readDocument(parser);
    }
  }

  /**
   * A streaming parser over UTF-8 bytes with the settings {@link #read(byte[])} uses (the same
   * limits and encoding detection), for a caller that decodes a document without a tree and must
   * accept and refuse exactly the texts {@code read} does. The caller closes it.
   */
  public JsonParser createParser(byte[] utf8) throws IOException {
    return factory.createParser(requireNonNull(utf8, "utf8"));
  }

  private static JsonNode readDocument(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new JsonParseException(parser, "no JSON value (expected: an object)");
    }
    JsonNode value = value(parser, first);
    if (parser.nextToken() != null) {
      throw new JsonParseException(
          parser, "unexpected content after the top-level value (expected: the end of input)");
    }
    return value;
  }

  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> throw new JsonParseException(parser, "unexpected token " + token);
    };
  }

  private static ObjectNode object(JsonParser parser) throws IOException {
    ObjectNode out = NODES.objectNode();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
      String name = parser.currentName();
      JsonNode v = value(parser, parser.nextToken());
      put(out, name, v);
    }
    return out;
  }

  private static ArrayNode array(JsonParser parser) throws IOException {
    ArrayNode out = NODES.arrayNode();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      out.add(value(parser, t));
    }
    return out;
  }

  /** Stores a member as Go decodes a repeated one: objects merge, anything else replaces. */
  private static void put(ObjectNode object, String name, JsonNode value) {
    JsonNode old = object.get(name);
    if (old instanceof ObjectNode earlier && value instanceof ObjectNode later) {
      later.properties().forEach(e -> put(earlier, e.getKey(), e.getValue()));
    } else {
      object.set(name, value);
    }
  }

  /**
   * Renames the members of {@code object} that match a field name of {@code fields} without regard
   * to case to that field name, as Go matches JSON names to struct fields. Members that end up on
   * the same field are combined in document order by the rule of repeated members: objects merge,
   * anything else the later wins. Members that match no field keep their name. Changes {@code
   * object} in place.
   */
  public static void matchFields(ObjectNode object, Set<String> fields) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
    boolean renamed = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = fieldFor(e.getKey(), fields);
      renamed |= !field.equals(e.getKey());
      members.add(Map.entry(field, e.getValue()));
    }
    if (!renamed) {
      return;
    }
    object.removeAll();
    for (Map.Entry<String, JsonNode> e : members) {
      put(object, e.getKey(), e.getValue());
    }
  }

  /** The field {@code name} decodes into: an exact match, else one equal ignoring case. */
  public static String fieldFor(String name, Set<String> fields) {
    if (fields.contains(name)) {
      return name;
    }
    for (String field : fields) {
      if (field.equalsIgnoreCase(name)) {
        return field;
      }
    }
    return name;
  }
}
