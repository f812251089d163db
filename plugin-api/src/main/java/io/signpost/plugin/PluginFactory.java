package io.signpost.plugin;

import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Creates plugins of one backend {@link #type()}, in two phases: {@link #read} turns the entry's
 * backend section into this type's options while the configuration is validated, and {@link
 * #create} builds the plugin from those options when the router starts. The section is read once,
 * and every problem keeps the path of the entry it belongs to ({@code plugins[1].wasm.path}).
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/io.signpost.plugin.PluginFactory}), so the router core never depends on a
 * backend module. Both phases are called on the thread that loads the configuration or starts the
 * router; they may block (checking and compiling a Wasm file, for instance).
 *
 * @param <O> the options of this type, an immutable record such as {@code WasmOptions}
 */
public interface PluginFactory<O> {

  /** The value of a plugin entry's {@code type} this factory handles, for example {@code wasm}. */
  String type();

  /**
   * The top-level keys of this type's backend section. In a JSON configuration the loader matches
   * the section's keys to these without regard to case before {@link #read}, as Hyrouter's decoder
   * does ({@code "Address"} is {@code address}); YAML keys always match exactly. Called once per
   * plugin entry; the default, no keys, leaves the section as written.
   */
  default Set<String> sectionKeys() {
    return Set.of();
  }

  /**
   * Reads and checks the backend section, {@code entry.get(type())}, and any type-specific use of
   * the common fields (the plugin's own {@code config}, for instance), without starting anything.
   * Every problem is reported on the node it concerns, so it carries its path: {@code
   * plugins[1].wasm.path: file not found (expected: a .wasm file)}; an unknown key of the backend
   * section should be a warning ({@link ConfigNode#warnUnknownKeys}). Must not throw for a bad
   * section; the loader reports a thrown exception as an error of the entry.
   *
   * @param config the entry's common fields, read and checked by the router
   * @param entry the entry, at its path ({@code plugins[1]}); its key named by {@link #type()} is
   *     not present ({@link ConfigNode#isPresent()}) when the entry has no backend section
   * @return the options, or null when the entry has an error
   */
  @Nullable
  O read(PluginConfig config, ConfigNode entry);

  /**
   * Builds a ready-to-call plugin from the options {@link #read} returned for this entry. Called
   * once per entry that read without error, when the router starts.
   *
   * @throws PluginLoadException when the plugin cannot be loaded; the message names the plugin and
   *     the cause (the file, the missing export, the unreachable address)
   */
  Plugin create(PluginConfig config, O options, PluginContext context);

  /**
   * What a reload compares besides the entry and its options to decide whether a running plugin can
   * be kept: the content of the files the options name (a Wasm module's bytes, a gRPC client's TLS
   * files), as a digest. Two equal entries with equal fingerprints are the same plugin, so a reload
   * keeps its instances, pools and breaker. The default, for a type that reads no file, is empty.
   * Called at reload on the reloading thread; may read files, must not throw.
   *
   * @return a digest such as {@code sha256:...}, or a text naming why the files could not be read
   *     (which then never equals a running plugin's fingerprint, so the plugin is rebuilt and its
   *     load reports the error)
   */
  default String fingerprint(PluginConfig config, O options) {
    return "";
  }

  /**
   * Reads an entry built in code ({@link PluginConfig#backend()} as its section) at {@code path}
   * and returns every problem: what the configuration loader would report for it. For tools and
   * tests.
   *
   * @param path the entry's path, for example {@code plugins[1]}
   */
  default List<ConfigProblem> validate(PluginConfig config, String path) {
    List<ConfigProblem> problems = new ArrayList<>();
    PluginSpec.read(this, config, path, problems);
    return problems;
  }

  /**
   * Reads {@link PluginConfig#backend()} and creates the plugin from it: both phases at once, for
   * tools and tests that hold an entry but no options.
   *
   * @throws PluginLoadException listing the problems when the section has an error, or when the
   *     plugin cannot be loaded
   */
  default Plugin create(PluginConfig config, PluginContext context) {
    List<ConfigProblem> problems = new ArrayList<>();
    PluginSpec<O> spec = PluginSpec.read(this, config, "", problems);
    if (spec == null) {
      throw new PluginLoadException(
          config.name(),
          "invalid "
              + type()
              + " section: "
              + String.join("; ", problems.stream().map(ConfigProblem::toString).toList()));
    }
    return spec.create(context);
  }
}
