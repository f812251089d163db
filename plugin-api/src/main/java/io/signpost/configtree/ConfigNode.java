package io.signpost.configtree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signpost.annotation.Nullable;
import io.signpost.json.GoJson;
import io.signpost.text.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A position in the configuration tree that knows its path and where problems go: the one reader of
 * the configuration, for the router's own sections and for the backend sections plugin factories
 * read ({@link io.signpost.plugin.PluginFactory#read}).
 *
 * <p>Readers never throw: a wrong type or value becomes a {@link ConfigProblem} at this path and
 * the reader returns null (or the caller's default), so one pass reports every problem. Messages
 * state the value and what was expected: {@code plugins[1].wasm.pool_size: 0 (expected: an integer
 * in 1..1024)}. YAML {@code null} counts as absent. Not thread-safe: one reader walks one document.
 *
 * <p>The {@link Dialect} says how Hyrouter's Go decoder would read the document, and the few rules
 * that differ between its YAML and JSON libraries are applied here: keys of a JSON object match
 * without regard to case once {@link #object} has named the known keys, and a YAML float with no
 * fraction ({@code 1.0}) is an integer.
 */
public final class ConfigNode {

  /** The decoder whose rules a document follows. */
  public enum Dialect {
    /** Go's {@code gopkg.in/yaml.v3}: keys match exactly; {@code port: 1.0} is 1. */
    YAML,
    /** Go's {@code encoding/json}: keys match without regard to case; integers are integers. */
    JSON
  }

  private final JsonNode json;
  private final String path;
  private final List<ConfigProblem> problems;
  private final Dialect dialect;

  private ConfigNode(JsonNode json, String path, List<ConfigProblem> problems, Dialect dialect) {
    this.json = json == null ? MissingNode.getInstance() : json;
    this.path = path;
    this.problems = problems;
    this.dialect = dialect;
  }

  /** The document root; problems are appended to {@code problems}. */
  public static ConfigNode root(JsonNode json, List<ConfigProblem> problems, Dialect dialect) {
    return new ConfigNode(json, "", problems, dialect);
  }

  /**
   * A subtree read on its own, at {@code path} of its document: a plugin's backend section handed
   * to its factory outside the loader, for instance ({@code plugins[1].wasm}).
   *
   * @param json the subtree; {@code null} or {@link MissingNode} when absent
   */
  public static ConfigNode at(
      @Nullable JsonNode json, String path, List<ConfigProblem> problems, Dialect dialect) {
    return new ConfigNode(json, path, problems, dialect);
  }

  /** The rules of the document this node belongs to. */
  public Dialect dialect() {
    return dialect;
  }

  public String path() {
    return path;
  }

  public JsonNode json() {
    return json;
  }

  /** Whether the value is there and not {@code null}. */
  public boolean isPresent() {
    return !json.isMissingNode() && !json.isNull();
  }

  /** The child at {@code key} (absent when this is not an object). */
  public ConfigNode get(String key) {
    String childPath = path.isEmpty() ? key : path + "." + key;
    return new ConfigNode(json.isObject() ? json.get(key) : null, childPath, problems, dialect);
  }

  /** Whether this object has {@code key} with a non-null value. */
  public boolean has(String key) {
    return get(key).isPresent();
  }

  /** How many errors the whole document has so far; compare before and after reading a part. */
  public long errorCount() {
    return problems.stream().filter(ConfigProblem::isError).count();
  }

  public void error(String message) {
    problems.add(ConfigProblem.error(path, message));
  }

  public void warning(String message) {
    problems.add(ConfigProblem.warning(path, message));
  }

  /**
   * Checks that this is an object (reporting otherwise) and warns about keys outside {@code known},
   * suggesting a close known key. Absent counts as an empty object. In a JSON document, keys that
   * match a known key without regard to case are renamed to it first (in place, so every later
   * {@link #get} sees them), as Go's {@code encoding/json} matches struct fields.
   *
   * @return whether the node is a usable object (absent included)
   */
  public boolean object(Set<String> known) {
    if (!isPresent()) {
      return true;
    }
    if (!json.isObject()) {
      error(describe(json) + " (expected: an object)");
      return false;
    }
    matchKeys(known);
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        get(name).warning(UnknownKeys.warningMessage(name, known));
      }
    }
    return true;
  }

  /**
   * In a JSON document, renames the keys of this object that match one of {@code known} without
   * regard to case to that key, merging repeated ones as Go's {@code encoding/json} does; in YAML,
   * and when this is not an object, does nothing. {@link #object} calls it; readers that look at a
   * key before they know the whole key set call it first.
   */
  public void matchKeys(Set<String> known) {
    if (dialect == Dialect.JSON && json instanceof ObjectNode object) {
      GoJson.matchFields(object, known);
    }
  }

  /**
   * Warns about every key of this object outside {@code known}, with "did you mean" when one is
   * close, after matching keys as the {@link Dialect} does ({@link #matchKeys}). A warning, as
   * everywhere in the configuration, because Hyrouter ignores unknown keys ({@link UnknownKeys});
   * {@code signpost validate --strict} refuses them. Does nothing when this is not an object.
   */
  public void warnUnknownKeys(Set<String> known) {
    if (json.isObject()) {
      matchKeys(known);
      UnknownKeys.warnings(json, path, known, problems);
    }
  }

  /** The elements of a list; empty when absent; reports a non-list. */
  public List<ConfigNode> items() {
    if (!isPresent()) {
      return List.of();
    }
    if (!json.isArray()) {
      error(describe(json) + " (expected: a list)");
      return List.of();
    }
    List<ConfigNode> out = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      out.add(new ConfigNode(json.get(i), path + "[" + i + "]", problems, dialect));
    }
    return out;
  }

  /** The entries of a map in document order; empty when absent; reports a non-object. */
  public Map<String, ConfigNode> entries() {
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    if (!isPresent()) {
      return out;
    }
    if (!json.isObject()) {
      error(describe(json) + " (expected: an object)");
      return out;
    }
    json.fieldNames().forEachRemaining(name -> out.put(name, get(name)));
    return out;
  }

  /** A scalar as text (numbers and booleans included); null when absent or not a scalar. */
  public @Nullable String text() {
    if (!isPresent()) {
      return null;
    }
    if (!json.isValueNode()) {
      error(describe(json) + " (expected: a string)");
      return null;
    }
    return json.asText();
  }

  public String text(String defaultValue) {
    String t = text();
    return t == null ? defaultValue : t;
  }

  /**
   * A whole number within int range; null when absent or wrong. In YAML a float without a fraction
   * ({@code 1.0}, {@code 5e3}) counts, as yaml.v3 decodes it into an integer field; JSON, like Go's
   * {@code encoding/json}, wants an integer literal.
   */
  public @Nullable Integer integer() {
    if (!isPresent()) {
      return null;
    }
    if (dialect == Dialect.YAML && json.isFloatingPointNumber()) {
      double d = json.doubleValue();
      if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    if (!json.isIntegralNumber() || !json.canConvertToInt()) {
      error(
          describe(json)
              + " (expected: "
              + (json.isIntegralNumber() ? "a smaller integer)" : "an integer)"));
      return null;
    }
    return json.intValue();
  }

  /** An integer in {@code min..max}; the default when absent; null when wrong. */
  public @Nullable Integer integer(int defaultValue, int min, int max, String expected) {
    if (!isPresent()) {
      return defaultValue;
    }
    Integer v = integer();
    if (v != null && (v < min || v > max)) {
      error(v + " (expected: " + expected + ")");
      return null;
    }
    return v;
  }

  /**
   * An integer in {@code min..max}; the default when absent; null when wrong, with {@code
   * (expected: an integer in 1..1024)} (or {@code > 0}, {@code >= 0} when there is no upper bound)
   * for a wrong type and a value out of range alike.
   */
  public @Nullable Integer integerIn(int defaultValue, int min, int max) {
    if (!isPresent()) {
      return defaultValue;
    }
    if (!json.isIntegralNumber()
        || !json.canConvertToInt()
        || json.intValue() < min
        || json.intValue() > max) {
      String range =
          max < Integer.MAX_VALUE ? "in " + min + ".." + max : min == 1 ? "> 0" : ">= " + min;
      error(describe(json) + " (expected: an integer " + range + ")");
      return null;
    }
    return json.intValue();
  }

  /**
   * One of {@code choices}, by its spelling in the file (case and surrounding blanks ignored); the
   * default when absent or blank; null when unknown, with {@code "jit" (expected: compiled or
   * interpreted)}. The list in the message is made from the keys of {@code choices}, in their
   * order, so it never falls behind the choices themselves.
   *
   * @param choices the accepted spellings, lower case, and what each means, aliases included
   */
  public <T> @Nullable T choice(Map<String, T> choices, T defaultValue) {
    return choice("", choices, defaultValue);
  }

  /**
   * As {@link #choice(Map, Object)}, with {@code what} before the value in the message: {@code
   * unknown stage "first" (expected: deny, route or mutate)}.
   */
  public <T> @Nullable T choice(String what, Map<String, T> choices, T defaultValue) {
    String text = text();
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    T chosen = choices.get(text.strip().toLowerCase(Locale.ROOT));
    if (chosen == null) {
      error(
          (what.isEmpty() ? "" : what + " ")
              + "\""
              + text
              + "\" (expected: "
              + oneOf(choices.keySet())
              + ")");
    }
    return chosen;
  }

  /** The alternatives for a message: {@code a}, {@code a or b}, {@code a, b or c}. */
  public static String oneOf(Collection<String> alternatives) {
    List<String> all = List.copyOf(alternatives);
    if (all.size() <= 1) {
      return String.join("", all);
    }
    return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
  }

  /**
   * A boolean; the default when absent or wrong. Like Hyrouter's YAML library, the YAML 1.1
   * spellings {@code y}, {@code yes}, {@code on} and {@code n}, {@code no}, {@code off} (lower,
   * capitalised or upper case) are accepted too.
   */
  public boolean bool(boolean defaultValue) {
    if (!isPresent()) {
      return defaultValue;
    }
    if (json.isTextual()) {
      switch (json.textValue()) {
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON":
          return true;
        case "n", "N", "no", "No", "NO", "off", "Off", "OFF":
          return false;
        default:
          break;
      }
    }
    if (!json.isBoolean()) {
      error(describe(json) + " (expected: true or false)");
      return defaultValue;
    }
    return json.booleanValue();
  }

  /** A Go-style duration that must be positive (or zero when allowed); null when wrong. */
  public @Nullable Duration duration(Duration defaultValue, boolean allowZero) {
    if (!isPresent()) {
      return defaultValue;
    }
    String t = text();
    if (t == null) {
      return null;
    }
    try {
      Duration d = GoDuration.parse(t);
      if (d.isNegative() || (!allowZero && d.isZero())) {
        error(t + " (expected: " + (allowZero ? ">= 0" : "> 0") + ")");
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      error(e.getMessage());
      return null;
    }
  }

  /** A list of strings; null when absent; wrong elements are reported and skipped. */
  public @Nullable List<String> textList() {
    if (!isPresent()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (ConfigNode item : items()) {
      String t = item.text();
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  /** A value for messages: strings quoted, objects and lists named, others as JSON. */
  public static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "\"" + node.textValue() + "\"";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.toString();
  }
}
