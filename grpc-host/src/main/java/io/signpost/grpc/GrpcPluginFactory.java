package io.signpost.grpc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ManagedChannel;
import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigNode;
import io.signpost.file.BoundedFiles;
import io.signpost.file.FileDigest;
import io.signpost.grpc.internal.GrpcOptionsReader;
import io.signpost.grpc.internal.PluginChannel;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import io.signpost.plugin.PluginContext;
import io.signpost.plugin.PluginFactory;
import io.signpost.plugin.PluginLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Creates {@link GrpcPlugin}s for entries of {@code type: grpc}; registered through {@code
 * META-INF/services/io.signpost.plugin.PluginFactory}.
 *
 * <p>The {@code grpc:} section is {@code address} (required, as in Hyrouter), {@code
 * max_response_bytes}, {@code tls} ({@code ca_file}, {@code cert_file}, {@code key_file}, {@code
 * server_name}) and {@code breaker} ({@code failures}, {@code cool_down}); see
 * docs/plugin-configuration.md. Creating a plugin starts connecting in the background and never
 * waits for it; the router waits at startup through {@link GrpcPlugin#warmUp}, within {@code
 * limits.plugin_startup_timeout}.
 */
public final class GrpcPluginFactory implements PluginFactory<GrpcOptions> {

  /** The plugin type this factory handles. */
  public static final String TYPE = "grpc";

  @Override
  public String type() {
    return TYPE;
  }

  /** Reads the {@code grpc:} section: the address, the TLS files, the breaker settings. */
  @Override
  public Set<String> sectionKeys() {
    return GrpcOptionsReader.SECTION_KEYS;
  }

  @Override
  public @Nullable GrpcOptions read(PluginConfig config, ConfigNode entry) {
    return GrpcOptionsReader.read(entry.get(TYPE));
  }

  /**
   * Builds the plugin and its channel.
   *
   * @throws PluginLoadException when a TLS file cannot be read, or the gRPC library on the class
   *     path does not fit this module
   */
  @Override
  public Plugin create(PluginConfig config, GrpcOptions options, PluginContext context) {
    return create(config.name(), options, context);
  }

  /**
   * The TLS files' SHA-256 when the section names any: a reload rebuilds the client when a CA,
   * certificate or key changed on disk. Empty without TLS.
   */
  @Override
  public String fingerprint(PluginConfig config, GrpcOptions options) {
    GrpcOptions.Tls tls = options.tls();
    if (tls == null) {
      return "";
    }
    List<Path> files =
        Stream.of(tls.caFile(), tls.certFile(), tls.keyFile()).filter(Objects::nonNull).toList();
    return FileDigest.of(files, BoundedFiles.PEM_FILE_MAX_BYTES);
  }

  /** Builds a plugin from already-read options. */
  public static GrpcPlugin create(String name, GrpcOptions options, PluginContext context) {
    requireNonNull(context, "context");
    ManagedChannel channel;
    try {
      channel = PluginChannel.open(options);
    } catch (IOException | RuntimeException e) {
      throw new PluginLoadException(
          name, "cannot open a channel to " + options.address() + ": " + e, e);
    }
    channel.getState(
        true); // start connecting now, without waiting, so the first call is not slower
    return new GrpcPlugin(name, options, channel, context.meterRegistry(), context.scheduler());
  }

  /**
   * A plugin entry for a gRPC plugin at {@code address} with every default but the timeout, as the
   * command line builds for {@code signpost plugin call --grpc ADDRESS}. Read it with {@link
   * io.signpost.plugin.PluginSpec#read} (or pass it to {@link #create(PluginConfig,
   * PluginContext)}) like any configured entry.
   *
   * @param name the plugin name used in messages and metric tags
   * @param address the plugin server, in any form {@link GrpcOptions#address()} accepts
   * @param timeout the per-call limit; {@code null} for {@link PluginConfig#DEFAULT_TIMEOUT}
   */
  public static PluginConfig configFor(String name, String address, @Nullable Duration timeout) {
    ObjectNode section = JsonNodeFactory.instance.objectNode().put("address", address);
    return new PluginConfig(name, TYPE, null, null, null, timeout, null, null, section);
  }
}
