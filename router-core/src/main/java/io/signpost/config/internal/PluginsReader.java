package io.signpost.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.signpost.annotation.Nullable;
import io.signpost.chain.PluginOrder;
import io.signpost.config.ConfigDefaults;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginSpec;
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
 * PluginFactory} of its type (its first phase, {@link PluginFactory#read}, whose options the {@link
 * PluginSpec} keeps for startup), and the ordering constraints by {@link PluginOrder}.
 */
public final class PluginsReader {

  private static final Set<String> COMMON_KEYS =
      Set.of("name", "type", "stage", "before", "after", "timeout", "on_error", "config", "shadow");
  private static final Set<String> HYROUTER_SECTIONS = Set.of("grpc", "wasm");

  private final Map<String, ? extends PluginFactory<?>> factories;

  /**
   * @param factories plugin factories by {@link PluginFactory#type()}
   */
  public PluginsReader(Map<String, ? extends PluginFactory<?>> factories) {
    this.factories = factories;
  }

  /**
   * Reads every entry. Returns the specs of the entries that read without error, in document order:
   * all of them when the document has no error.
   */
  public List<PluginSpec<?>> read(ConfigNode list, List<ConfigProblem> problems) {
    List<PluginConfig> configs = new ArrayList<>();
    List<PluginSpec<?>> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode p : list.items()) {
      PluginConfig config = entry(p, names);
      configs.add(config);
      PluginSpec<?> spec = config == INVALID ? null : spec(p, config);
      if (spec != null) {
        specs.add(spec);
      }
    }
    problems.addAll(PluginOrder.problems(configs, list.path()));
    return specs;
  }

  /** Stands in for an entry that is not an object, so list indexes stay aligned. */
  private static final PluginConfig INVALID =
      new PluginConfig("", "", null, null, null, null, null, null, null);

  private PluginConfig entry(ConfigNode p, Set<String> names) {
    if (!p.isPresent() || !p.json().isObject()) {
      p.error((p.isPresent() ? ConfigNode.describe(p.json()) : "null") + " (expected: an object)");
      return INVALID;
    }
    Set<String> known = new HashSet<>(COMMON_KEYS);
    known.addAll(HYROUTER_SECTIONS);
    known.addAll(factories.keySet());
    p.matchKeys(known);
    String type = type(p.get("type"));
    known.add(type);
    knownSectionsWarn(p, type);
    p.object(known);
    PluginFactory<?> factory = factories.get(type);
    if (factory != null) {
      p.get(type).matchKeys(factory.sectionKeys());
    }

    String name = p.get("name").text("");
    if (name.isBlank()) {
      p.get("name").error("must not be empty (expected: a unique plugin name)");
    } else if (!names.add(name)) {
      p.get("name").error("duplicate plugin name \"" + name + "\" (expected: unique names)");
    }
    boolean shadow = p.get("shadow").bool(ConfigDefaults.PLUGIN_SHADOW);
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
            section(p, type),
            shadow);
    if (shadow) {
      if (p.get("on_error").isPresent()) {
        p.get("on_error")
            .warning(
                "ignored: the failures of a shadow plugin are never applied (expected: no"
                    + " on_error on an entry with shadow: true)");
      }
    } else if (config.stage() == Stage.DENY && config.onError() == OnError.CONTINUE) {
      p.get("on_error")
          .warning(
              (p.get("on_error").isPresent() ? "" : "not set, so ")
                  + "continue in stage deny: a failing plugin lets clients through (expected:"
                  + " on_error: deny, unless admitting everyone while the plugin fails is"
                  + " acceptable)");
    }
    return config;
  }

  /** The factory's first phase on the entry's backend section; null when it has an error. */
  private @Nullable PluginSpec<?> spec(ConfigNode p, PluginConfig config) {
    PluginFactory<?> factory = factories.get(config.type());
    if (factory == null) {
      return null; // reported by type()
    }
    try {
      return PluginSpec.read(factory, config, p);
    } catch (RuntimeException e) {
      p.error("the " + config.type() + " plugin factory failed to validate this entry: " + e);
      return null;
    }
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
    Stage stage = n.choice("unknown stage", Stage.spellings(), ConfigDefaults.PLUGIN_STAGE);
    return stage == null ? ConfigDefaults.PLUGIN_STAGE : stage;
  }

  private static OnError onError(ConfigNode n) {
    OnError onError = n.choice(OnError.spellings(), ConfigDefaults.PLUGIN_ON_ERROR);
    return onError == null ? ConfigDefaults.PLUGIN_ON_ERROR : onError;
  }

  private static List<String> list(ConfigNode n) {
    List<String> l = n.textList();
    return l == null ? List.of() : l;
  }
}
