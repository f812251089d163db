package io.signpost.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.signpost.chain.PluginOrder;
import io.signpost.config.ConfigDefaults;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.Stage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code plugins} list: the common fields here, each backend section by the {@link
 * PluginFactory} of its type, and the ordering constraints by {@link PluginOrder}.
 */
public final class PluginsReader {

  private static final Set<String> COMMON_KEYS =
      Set.of("name", "type", "stage", "before", "after", "timeout", "on_error", "config");
  private static final Set<String> HYROUTER_SECTIONS = Set.of("grpc", "wasm");

  private final Map<String, PluginFactory> factories;

  /**
   * @param factories plugin factories by {@link PluginFactory#type()}
   */
  public PluginsReader(Map<String, PluginFactory> factories) {
    this.factories = factories;
  }

  /**
   * Reads every entry; returns one {@link PluginConfig} per entry (defaults standing in for wrong
   * values) so that list indexes stay aligned with the document.
   */
  public List<PluginConfig> read(ConfigNode list, List<ConfigProblem> problems) {
    List<PluginConfig> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode p : list.items()) {
      out.add(entry(p, names, problems));
    }
    problems.addAll(PluginOrder.problems(out, list.path()));
    return out;
  }

  private PluginConfig entry(ConfigNode p, Set<String> names, List<ConfigProblem> problems) {
    if (!p.isPresent() || !p.json().isObject()) {
      p.error((p.isPresent() ? ConfigNode.describe(p.json()) : "null") + " (expected: an object)");
      return new PluginConfig("", "", null, null, null, null, null, null, null);
    }
    String type = type(p.get("type"));
    Set<String> known = new HashSet<>(COMMON_KEYS);
    known.add(type);
    knownSectionsWarn(p, type);
    known.addAll(HYROUTER_SECTIONS);
    known.addAll(factories.keySet());
    p.object(known);

    String name = p.get("name").text("");
    if (name.isBlank()) {
      p.get("name").error("must not be empty (expected: a unique plugin name)");
    } else if (!names.add(name)) {
      p.get("name").error("duplicate plugin name \"" + name + "\" (expected: unique names)");
    }
    PluginConfig config =
        new PluginConfig(
            name,
            type,
            stage(p.get("stage")),
            list(p.get("before")),
            list(p.get("after")),
            p.get("timeout").duration(ConfigDefaults.PLUGIN_TIMEOUT, false),
            onError(p.get("on_error")),
            p.get("config").isPresent() ? p.get("config").json() : MissingNode.getInstance(),
            section(p, type));
    if (config.stage() == Stage.DENY && config.onError() == OnError.CONTINUE) {
      p.get("on_error")
          .warning(
              (p.get("on_error").isPresent() ? "" : "not set, so ")
                  + "continue in stage deny: a failing plugin lets clients through (expected:"
                  + " on_error: deny, unless admitting everyone while the plugin fails is"
                  + " acceptable)");
    }
    PluginFactory factory = factories.get(type);
    if (factory != null) {
      try {
        problems.addAll(factory.validate(config, p.path()));
      } catch (RuntimeException e) {
        p.error("the " + type + " plugin factory failed to validate this entry: " + e);
      }
    }
    return config;
  }

  private String type(ConfigNode n) {
    String text = n.text("");
    String type = text.strip().toLowerCase(Locale.ROOT);
    String knownTypes =
        factories.isEmpty()
            ? "a plugin type; none is installed"
            : "one of " + String.join(", ", new TreeSet<>(factories.keySet()));
    if (type.isEmpty()) {
      n.error("must not be empty (expected: " + knownTypes + ")");
    } else if (!factories.containsKey(type)) {
      n.error("unknown plugin type \"" + text + "\" (expected: " + knownTypes + ")");
    }
    return type;
  }

  /** Warns about backend sections that belong to another type. */
  private void knownSectionsWarn(ConfigNode p, String type) {
    Set<String> sections = new TreeSet<>(HYROUTER_SECTIONS);
    sections.addAll(factories.keySet());
    for (String s : sections) {
      if (!s.equals(type) && p.has(s)) {
        p.get(s)
            .warning(
                "ignored: this is the section of type " + s + ", but type is \"" + type + "\"");
      }
    }
  }

  private static JsonNode section(ConfigNode p, String type) {
    if (type.isEmpty()) {
      return MissingNode.getInstance();
    }
    ConfigNode s = p.get(type);
    return s.isPresent() ? s.json() : MissingNode.getInstance();
  }

  private static Stage stage(ConfigNode n) {
    String text = n.text();
    if (text == null || text.isBlank()) {
      return Stage.ROUTE;
    }
    Stage stage = Stage.parse(text.strip().toLowerCase(Locale.ROOT)).orElse(null);
    if (stage == null) {
      n.error("unknown stage \"" + text + "\" (expected: deny, route or mutate)");
      return Stage.ROUTE;
    }
    return stage;
  }

  private static OnError onError(ConfigNode n) {
    String text = n.text();
    if (text == null || text.isBlank()) {
      return ConfigDefaults.PLUGIN_ON_ERROR;
    }
    OnError onError = OnError.parse(text.strip().toLowerCase(Locale.ROOT)).orElse(null);
    if (onError == null) {
      n.error("\"" + text + "\" (expected: continue, deny, fail_open or fail_closed)");
      return ConfigDefaults.PLUGIN_ON_ERROR;
    }
    return onError;
  }

  private static List<String> list(ConfigNode n) {
    List<String> l = n.textList();
    return l == null ? List.of() : l;
  }
}
