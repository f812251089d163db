package io.signpost.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.config.internal.DocumentTree;
import io.signpost.config.internal.SignpostReader;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.file.BoundedFiles;
import io.signpost.file.FileDigest;
import io.signpost.plugin.PluginFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Loads and validates a configuration file (YAML or JSON, by extension).
 *
 * <p>The document is read into a tree and walked with paths, so every problem, including a wrong
 * type, is reported with its location ({@code routing.routes[2].pool.backends[0].port: 70000
 * (expected: 1..65535)}); nothing stops at the first. Plugin backend sections are read by the
 * {@link PluginFactory} of their type, once: the options it reads are kept in the configuration's
 * {@link io.signpost.plugin.PluginSpec}s for startup. Loading may block: it reads files, and
 * factories may read and compile plugin modules. Thread-safe.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** Loads a file with the plugin and discovery factories found by {@link ServiceLoader}. */
  public static LoadedConfig load(Path path) throws ConfigException {
    return load(path, installedFactories());
  }

  /** Loads a file with the discovery factories found by {@link ServiceLoader}. */
  public static LoadedConfig load(Path path, Map<String, ? extends PluginFactory<?>> factories)
      throws ConfigException {
    return load(path, factories, installedDiscoveryFactories());
  }

  /**
   * Loads a file.
   *
   * <p>The file must be a regular file of at most {@link BoundedFiles#CONFIG_FILE_MAX_BYTES}; a
   * named pipe, a device or a larger file is refused with one problem for the whole document
   * ({@code not a regular file (a named pipe)}) without being read.
   *
   * @param factories plugin factories by type
   * @param discoveryFactories discovery provider factories by type
   * @throws ConfigException with every problem when the file cannot be read or has errors
   */
  public static LoadedConfig load(
      Path path,
      Map<String, ? extends PluginFactory<?>> factories,
      Map<String, DiscoveryProviderFactory> discoveryFactories)
      throws ConfigException {
    String source = path.toString();
    ConfigFormat format =
        ConfigFormat.of(path)
            .orElseThrow(
                () ->
                    new ConfigException(
                        source,
                        List.of(
                            ConfigProblem.error(
                                "",
                                "unsupported file extension (expected: .yaml, .yml or"
                                    + " .json)"))));
    String text;
    try {
      byte[] bytes = BoundedFiles.read(path, BoundedFiles.CONFIG_FILE_MAX_BYTES, "a config file");
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(source, List.of(ConfigProblem.error("", "not valid UTF-8")));
    } catch (BoundedFiles.RefusedFileException e) {
      throw new ConfigException(source, List.of(ConfigProblem.error("", e.getReason())));
    } catch (IOException e) {
      throw new ConfigException(
          source, List.of(ConfigProblem.error("", "cannot read the file: " + e)));
    }
    return parse(source, text, format, factories, discoveryFactories);
  }

  /** Parses a document with the plugin factories found by {@link ServiceLoader}. */
  public static LoadedConfig parse(String text, ConfigFormat format) throws ConfigException {
    return parse(text, format, installedFactories());
  }

  /**
   * Parses a document with the discovery factories found by {@link ServiceLoader}; relative file
   * paths in it are resolved against the working directory.
   */
  public static LoadedConfig parse(
      String text, ConfigFormat format, Map<String, ? extends PluginFactory<?>> factories)
      throws ConfigException {
    return parse("<config>", text, format, factories, installedDiscoveryFactories());
  }

  /** Parses a document with the given plugin and discovery factories. */
  public static LoadedConfig parse(
      String text,
      ConfigFormat format,
      Map<String, ? extends PluginFactory<?>> factories,
      Map<String, DiscoveryProviderFactory> discoveryFactories)
      throws ConfigException {
    return parse("<config>", text, format, factories, discoveryFactories);
  }

  private static LoadedConfig parse(
      String source,
      String text,
      ConfigFormat format,
      Map<String, ? extends PluginFactory<?>> factories,
      Map<String, DiscoveryProviderFactory> discoveryFactories)
      throws ConfigException {
    JsonNode tree = DocumentTree.read(source, text, format);
    List<ConfigProblem> problems = new ArrayList<>();
    SignpostConfig config =
        new SignpostReader(factories, discoveryFactories)
            .read(ConfigNode.root(tree, problems, DocumentTree.dialect(format)), problems);
    if (config == null || problems.stream().anyMatch(ConfigProblem::isError)) {
      throw new ConfigException(source, problems);
    }
    return new LoadedConfig(
        config,
        problems,
        tree,
        FileDigest.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * The discovery provider factories on the class path, by type; the first one wins for a duplicate
   * type.
   */
  public static Map<String, DiscoveryProviderFactory> installedDiscoveryFactories() {
    Map<String, DiscoveryProviderFactory> out = new TreeMap<>();
    for (DiscoveryProviderFactory f : ServiceLoader.load(DiscoveryProviderFactory.class)) {
      out.putIfAbsent(f.type(), f);
    }
    return Collections.unmodifiableMap(out);
  }

  /** The plugin factories on the class path, by type; the first one wins for a duplicate type. */
  public static Map<String, PluginFactory<?>> installedFactories() {
    Map<String, PluginFactory<?>> out = new TreeMap<>();
    for (PluginFactory<?> f : ServiceLoader.load(PluginFactory.class)) {
      out.putIfAbsent(f.type(), f);
    }
    return Collections.unmodifiableMap(out);
  }
}
