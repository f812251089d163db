package io.signpost.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML document into a Jackson tree the way Hyrouter's YAML library (Go's {@code
 * gopkg.in/yaml.v3}) decodes it, so a file written for Hyrouter means the same here:
 *
 * <ul>
 *   <li>anchors and aliases ({@code &base}, {@code *base}) are resolved, and merge keys ({@code <<:
 *       *defaults}, {@code <<: [*a, *b]}) copy the keys the mapping does not set itself, the first
 *       merged mapping winning;
 *   <li>plain scalars are resolved by yaml.v3's rules: {@code true}/{@code false} in three
 *       spellings, {@code ~}/{@code null}/empty, integers in decimal, {@code 0x}, {@code 0o},
 *       {@code 0b} or leading-zero octal with {@code _} separators, floats; everything else, {@code
 *       yes} and {@code on} included, is a string;
 *   <li>a number or boolean still reads as written when used as text ({@code version: 1.10} is the
 *       string {@code "1.10"}, as yaml.v3 decodes it into a string field);
 *   <li>a key given twice in one mapping is an error, as in yaml.v3;
 *   <li>only the first document of a stream is read.
 * </ul>
 *
 * <p>Aliases share one definition, so a small file can stand for a huge tree ("billion laughs").
 * The values reached through aliases are counted while the tree is built and the document is
 * refused beyond {@value #MAX_ALIAS_VALUES} of them or {@value #MAX_ALIAS_CHARS} characters of
 * their text; an anchor that contains itself is refused too. Not thread-safe; one instance per
 * document.
 */
final class YamlTree {

  /** Most values a document may reach through aliases; yaml.v3 stops at a similar scale. */
  static final int MAX_ALIAS_VALUES = 100_000;

  /**
   * Most characters of text a document may reach through aliases: a few aliases of one long
   * anchored string would otherwise make a small file a document of gigabytes, in memory and in
   * everything that writes it out again ({@code /debug/config}, a plugin's config section).
   */
  static final int MAX_ALIAS_CHARS = 16 << 20;

  /** Deepest nesting accepted, as for JSON documents. */
  static final int MAX_DEPTH = 100;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Tag PLAIN = new Tag("tag:signpost.io,2024:plain");

  /** A document that cannot be read; {@code path} is empty unless the problem has one. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final String path;

    Refused(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  private final IdentityHashMap<Node, Boolean> seen = new IdentityHashMap<>();
  private final IdentityHashMap<Node, Boolean> open = new IdentityHashMap<>();
  private int aliasValues;
  private long aliasChars;

  private YamlTree() {}

  /**
   * Reads the first document of {@code text}; an empty stream is an empty object.
   *
   * @throws Refused with a message naming the line when the text is not YAML, a key is repeated,
   *     aliases expand too far or an anchor contains itself
   */
  static JsonNode read(String text) throws Refused {
    Node root;
    try {
      Iterator<Node> documents = yaml().composeAll(new StringReader(text)).iterator();
      if (!documents.hasNext()) {
        return NODES.objectNode();
      }
      root = documents.next();
    } catch (MarkedYAMLException e) {
      throw syntax(e);
    } catch (YAMLException e) {
      throw new Refused("", "YAML error: " + e.getMessage());
    }
    return new YamlTree().convert(root, "", 0);
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    // The expansion bound below is the real defence; this only stops pathological alias counts.
    options.setMaxAliasesForCollections(MAX_ALIAS_VALUES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit(Integer.MAX_VALUE);
    return new Yaml(
        new SafeConstructor(options),
        new Representer(new org.yaml.snakeyaml.DumperOptions()),
        new org.yaml.snakeyaml.DumperOptions(),
        options,
        new PlainScalars());
  }

  private static Refused syntax(MarkedYAMLException e) {
    Mark mark = e.getProblemMark();
    String where =
        mark == null
            ? ""
            : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
    String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
    return new Refused("", "YAML syntax error" + where + ": " + problem + context);
  }

  private JsonNode convert(Node node, String path, int depth) throws Refused {
    if (depth > MAX_DEPTH) {
      throw new Refused(path, "nested deeper than " + MAX_DEPTH + " levels");
    }
    if (open.containsKey(node)) {
      throw new Refused(path, "anchor \"" + node.getAnchor() + "\" value contains itself");
    }
    boolean again = seen.put(node, Boolean.TRUE) != null;
    if (again && ++aliasValues > MAX_ALIAS_VALUES) {
      throw new Refused(
          "",
          "YAML aliases expand to more than "
              + MAX_ALIAS_VALUES
              + " values (expected: at most "
              + MAX_ALIAS_VALUES
              + "; the document is refused rather than expanded)");
    }
    if (again
        && node instanceof ScalarNode scalar
        && (aliasChars += scalar.getValue().length()) > MAX_ALIAS_CHARS) {
      throw aliasTextRefused();
    }
    open.put(node, Boolean.TRUE);
    try {
      return switch (node.getNodeId()) {
        case scalar -> YamlScalars.resolve((ScalarNode) node, path);
        case sequence -> sequence((SequenceNode) node, path, depth);
        case mapping -> mapping((MappingNode) node, path, depth);
        default -> throw new Refused(path, "unsupported YAML node " + node.getNodeId());
      };
    } finally {
      open.remove(node);
    }
  }

  /**
   * Counts a mapping key reached again against the text budget: a key written as an alias ({@code
   * *k: value}), or a key of a mapping reached again through an alias.
   */
  private void countAliasedKey(Node keyNode) throws Refused {
    if (seen.put(keyNode, Boolean.TRUE) != null
        && keyNode instanceof ScalarNode key
        && (aliasChars += key.getValue().length()) > MAX_ALIAS_CHARS) {
      throw aliasTextRefused();
    }
  }

  private static Refused aliasTextRefused() {
    return new Refused(
        "",
        "YAML aliases expand to more than "
            + MAX_ALIAS_CHARS
            + " characters of text (expected: at most "
            + MAX_ALIAS_CHARS
            + "; the document is refused rather than expanded)");
  }

  private ArrayNode sequence(SequenceNode node, String path, int depth) throws Refused {
    ArrayNode out = NODES.arrayNode();
    List<Node> items = node.getValue();
    for (int i = 0; i < items.size(); i++) {
      out.add(convert(items.get(i), path + "[" + i + "]", depth + 1));
    }
    return out;
  }

  private ObjectNode mapping(MappingNode node, String path, int depth) throws Refused {
    Map<String, JsonNode> members = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    Node merge = null;
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (isMerge(keyNode)) {
        merge = tuple.getValueNode();
        continue;
      }
      countAliasedKey(keyNode);
      String key = key(keyNode, path);
      int line = keyNode.getStartMark().getLine() + 1;
      Integer first = lines.putIfAbsent(key, line);
      if (first != null) {
        throw new Refused(
            child(path, key),
            "mapping key \""
                + key
                + "\" at line "
                + line
                + " already defined at line "
                + first
                + " (expected: each key once)");
      }
      members.put(key, convert(tuple.getValueNode(), child(path, key), depth + 1));
    }
    if (merge != null) {
      for (ObjectNode merged : merged(merge, path, depth)) {
        merged.properties().forEach(e -> members.putIfAbsent(e.getKey(), e.getValue()));
      }
    }
    ObjectNode out = NODES.objectNode();
    members.forEach(out::set);
    return out;
  }

  /** The mappings a merge key names, in order: one mapping, or a sequence of mappings. */
  private List<ObjectNode> merged(Node value, String path, int depth) throws Refused {
    List<Node> sources =
        value.getNodeId() == NodeId.sequence ? ((SequenceNode) value).getValue() : List.of(value);
    List<ObjectNode> out = new ArrayList<>(sources.size());
    for (Node source : sources) {
      if (source.getNodeId() != NodeId.mapping) {
        throw new Refused(
            child(path, "<<"),
            "map merge requires a mapping or a sequence of mappings as the value (line "
                + (source.getStartMark().getLine() + 1)
                + ")");
      }
      out.add((ObjectNode) convert(source, path, depth + 1));
    }
    return out;
  }

  private static boolean isMerge(Node key) {
    return key instanceof ScalarNode s
        && "<<".equals(s.getValue())
        && (PLAIN.equals(s.getTag()) || Tag.MERGE.equals(s.getTag()));
  }

  private static String key(Node keyNode, String path) throws Refused {
    if (!(keyNode instanceof ScalarNode scalar)) {
      throw new Refused(
          path,
          "mapping key at line "
              + (keyNode.getStartMark().getLine() + 1)
              + " is a "
              + keyNode.getNodeId()
              + " (expected: a plain key)");
    }
    return scalar.getValue();
  }

  private static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * Marks plain scalars without an explicit tag, so {@link YamlScalars} resolves them by yaml.v3's
   * rules rather than SnakeYAML's YAML 1.1 ones; quoted scalars stay strings.
   */
  private static final class PlainScalars extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      // none: every plain scalar is resolved in resolve() below
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      if (kind == NodeId.scalar && implicit) {
        return PLAIN;
      }
      return super.resolve(kind, value, implicit);
    }
  }

  static boolean isPlain(ScalarNode node) {
    return PLAIN.equals(node.getTag());
  }
}
