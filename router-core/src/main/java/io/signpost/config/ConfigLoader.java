package io.signpost.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.signpost.config.internal.SignpostReader;
import io.signpost.configtree.ConfigNode;
import io.signpost.configtree.ConfigProblem;
import io.signpost.file.BoundedFiles;
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

  private static final ObjectMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(100).build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private ConfigLoader() {}

  /** Loads a file with the plugin factories found by {@link ServiceLoader}. */
  public static LoadedConfig load(Path path) throws ConfigException {
    return load(path, installedFactories());
  }

  /**
   * Loads a file.
   *
   * <p>The file must be a regular file of at most {@link BoundedFiles#CONFIG_FILE_MAX_BYTES}; a
   * named pipe, a device or a larger file is refused with one problem for the whole document
   * ({@code not a regular file (a named pipe)}) without being read.
   *
   * @param factories plugin factories by type
   * @throws ConfigException with every problem when the file cannot be read or has errors
   */
  public static LoadedConfig load(Path path, Map<String, ? extends PluginFactory<?>> factories)
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
    return parse(source, text, format, factories);
  }

  /** Parses a document with the plugin factories found by {@link ServiceLoader}. */
  public static LoadedConfig parse(String text, ConfigFormat format) throws ConfigException {
    return parse(text, format, installedFactories());
  }

  /** Parses a document; relative file paths in it are resolved against the working directory. */
  public static LoadedConfig parse(
      String text, ConfigFormat format, Map<String, ? extends PluginFactory<?>> factories)
      throws ConfigException {
    return parse("<config>", text, format, factories);
  }

  private static LoadedConfig parse(
      String source,
      String text,
      ConfigFormat format,
      Map<String, ? extends PluginFactory<?>> factories)
      throws ConfigException {
    JsonNode tree;
    try {
      tree = (format == ConfigFormat.YAML ? YAML : JSON).readTree(text);
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
                  "", format.name() + " syntax error" + where + ": " + e.getOriginalMessage())));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = JSON.createObjectNode();
    }
    List<ConfigProblem> problems = new ArrayList<>();
    SignpostConfig config =
        new SignpostReader(factories).read(ConfigNode.root(tree, problems), problems);
    if (config == null || problems.stream().anyMatch(ConfigProblem::isError)) {
      throw new ConfigException(source, problems);
    }
    return new LoadedConfig(config, problems);
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
