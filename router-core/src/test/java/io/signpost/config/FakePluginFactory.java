package io.signpost.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.configtree.ConfigNode;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin factory that requires one string field in its section, whose value are its options, and
 * records what it read.
 */
class FakePluginFactory implements PluginFactory<String> {

  private final String type;
  private final String requiredField;
  final List<String> validatedPaths = new ArrayList<>();
  final List<PluginConfig> validated = new ArrayList<>();

  FakePluginFactory(String type, String requiredField) {
    this.type = type;
    this.requiredField = requiredField;
  }

  static Map<String, PluginFactory<?>> grpcAndWasm() {
    return Map.of(
        "grpc",
        new FakePluginFactory("grpc", "address"),
        "wasm",
        new FakePluginFactory("wasm", "path"));
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public Set<String> sectionKeys() {
    return Set.of(requiredField);
  }

  @Override
  public String read(PluginConfig config, ConfigNode entry) {
    validatedPaths.add(entry.path());
    validated.add(config);
    ConfigNode field = entry.get(type).get(requiredField);
    JsonNode value = field.json();
    if (!value.isTextual() || value.textValue().isEmpty()) {
      field.error("must not be empty");
      return null;
    }
    return value.textValue();
  }

  @Override
  public Plugin create(PluginConfig config, String options, PluginContext context) {
    throw new UnsupportedOperationException("fake");
  }
}
