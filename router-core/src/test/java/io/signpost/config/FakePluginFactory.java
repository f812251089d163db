package io.signpost.config;

import io.signpost.configtree.ConfigProblem;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A plugin factory that requires one string field in its section and records what it saw. */
class FakePluginFactory implements PluginFactory {

  private final String type;
  private final String requiredField;
  final List<String> validatedPaths = new ArrayList<>();
  final List<PluginConfig> validated = new ArrayList<>();

  FakePluginFactory(String type, String requiredField) {
    this.type = type;
    this.requiredField = requiredField;
  }

  static Map<String, PluginFactory> grpcAndWasm() {
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
  public List<ConfigProblem> validate(PluginConfig config, String path) {
    validatedPaths.add(path);
    validated.add(config);
    if (!config.backend().path(requiredField).isTextual()
        || config.backend().path(requiredField).textValue().isEmpty()) {
      return List.of(
          ConfigProblem.error(path + "." + type + "." + requiredField, "must not be empty"));
    }
    return List.of();
  }

  @Override
  public Plugin create(PluginConfig config, PluginContext context) {
    throw new UnsupportedOperationException("fake");
  }
}
