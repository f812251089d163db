package io.signpost.chain;

import io.signpost.configtree.ConfigProblem;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which plugins run: by {@link Stage} ({@code deny -> route -> mutate}), then inside a
 * stage by a topological sort over {@code before}/{@code after}, ties broken by config order.
 *
 * <p>A constraint naming a plugin of another stage, or no plugin at all, has no effect (stages
 * already order them; Hyrouter skips unknown names) and {@link #problems} warns about it; a cycle,
 * a plugin ordered against itself included, is a configuration error.
 */
public final class PluginOrder {

  private PluginOrder() {}

  /**
   * Orders plugins for execution.
   *
   * @throws IllegalArgumentException when the constraints of a stage form a cycle; run {@link
   *     #problems} first for a report with paths
   */
  public static List<PluginConfig> order(List<PluginConfig> plugins) {
    List<PluginConfig> out = new ArrayList<>(plugins.size());
    for (Stage stage : Stage.values()) {
      List<Integer> ids = indicesOf(plugins, stage);
      List<Integer> sorted = sort(plugins, ids);
      if (sorted.size() < ids.size()) {
        throw new IllegalArgumentException(
            "plugins of stage "
                + stage.configName()
                + " form an ordering cycle: "
                + String.join(" -> ", cycleNames(plugins, ids, sorted)));
      }
      sorted.forEach(i -> out.add(plugins.get(i)));
    }
    return List.copyOf(out);
  }

  /**
   * Every ordering problem: {@code before}/{@code after} naming an unknown plugin or a plugin of
   * another stage (warnings: the constraint is ignored), and cycles (error, naming the plugins
   * involved).
   *
   * @param plugins the entries in config order
   * @param path the list's path, normally {@code plugins}
   */
  public static List<ConfigProblem> problems(List<PluginConfig> plugins, String path) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, Stage> stageByName = new HashMap<>();
    for (PluginConfig p : plugins) {
      stageByName.putIfAbsent(p.name(), p.stage());
    }
    for (int i = 0; i < plugins.size(); i++) {
      PluginConfig p = plugins.get(i);
      checkRefs(problems, path + "[" + i + "].before", p, p.before(), stageByName);
      checkRefs(problems, path + "[" + i + "].after", p, p.after(), stageByName);
    }
    for (Stage stage : Stage.values()) {
      List<Integer> ids = indicesOf(plugins, stage);
      List<Integer> sorted = sort(plugins, ids);
      if (sorted.size() < ids.size()) {
        problems.add(
            ConfigProblem.error(
                path,
                "before/after constraints of stage "
                    + stage.configName()
                    + " form a cycle: "
                    + String.join(" -> ", cycleNames(plugins, ids, sorted))
                    + " (expected: an acyclic order)"));
      }
    }
    return problems;
  }

  private static void checkRefs(
      List<ConfigProblem> problems,
      String path,
      PluginConfig plugin,
      List<String> refs,
      Map<String, Stage> stageByName) {
    for (int j = 0; j < refs.size(); j++) {
      String ref = refs.get(j);
      Stage other = stageByName.get(ref);
      if (other == null) {
        problems.add(
            ConfigProblem.warning(
                path + "[" + j + "]",
                "unknown plugin \""
                    + ref
                    + "\", constraint ignored (expected: a configured plugin name)"));
      } else if (ref.equals(plugin.name())) {
        problems.add(
            ConfigProblem.error(path + "[" + j + "]", "a plugin cannot be ordered against itself"));
      } else if (other != plugin.stage()) {
        problems.add(
            ConfigProblem.warning(
                path + "[" + j + "]",
                "\""
                    + ref
                    + "\" runs in stage "
                    + other.configName()
                    + ", \""
                    + plugin.name()
                    + "\" in stage "
                    + plugin.stage().configName()
                    + "; stages already fix their order, so this constraint has no effect"));
      }
    }
  }

  private static List<Integer> indicesOf(List<PluginConfig> plugins, Stage stage) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < plugins.size(); i++) {
      if (plugins.get(i).stage() == stage) {
        ids.add(i);
      }
    }
    return ids;
  }

  /** Kahn's algorithm; always picks the earliest ready entry in config order. */
  private static List<Integer> sort(List<PluginConfig> plugins, List<Integer> ids) {
    Map<String, Integer> byName = new HashMap<>();
    for (int id : ids) {
      byName.putIfAbsent(plugins.get(id).name(), id);
    }
    Map<Integer, Set<Integer>> edges = new HashMap<>();
    Map<Integer, Integer> indegree = new HashMap<>();
    for (int id : ids) {
      PluginConfig p = plugins.get(id);
      for (String dep : p.after()) {
        Integer from = byName.get(dep);
        if (from != null && from != id) {
          addEdge(edges, indegree, from, id);
        }
      }
      for (String dep : p.before()) {
        Integer to = byName.get(dep);
        if (to != null && to != id) {
          addEdge(edges, indegree, id, to);
        }
      }
    }
    List<Integer> out = new ArrayList<>(ids.size());
    Set<Integer> done = new java.util.HashSet<>();
    while (out.size() < ids.size()) {
      int found = -1;
      for (int id : ids) {
        if (!done.contains(id) && indegree.getOrDefault(id, 0) == 0) {
          found = id;
          break;
        }
      }
      if (found < 0) {
        break;
      }
      done.add(found);
      out.add(found);
      for (int to : edges.getOrDefault(found, Set.of())) {
        indegree.merge(to, -1, Integer::sum);
      }
    }
    return out;
  }

  private static void addEdge(
      Map<Integer, Set<Integer>> edges, Map<Integer, Integer> indegree, int from, int to) {
    if (edges.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(to)) {
      indegree.merge(to, 1, Integer::sum);
    }
  }

  /** Names of the plugins left unsorted, which are the ones on or behind a cycle. */
  private static List<String> cycleNames(
      List<PluginConfig> plugins, List<Integer> ids, List<Integer> sorted) {
    List<String> names = new ArrayList<>();
    for (int id : ids) {
      if (!sorted.contains(id)) {
        names.add(plugins.get(id).name());
      }
    }
    return names;
  }
}
