package io.signpost.grpc.internal;

import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigNode;
import io.signpost.file.BoundedFiles;
import io.signpost.grpc.GrpcOptions;
import io.signpost.text.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Reads the {@code grpc:} section of a plugin entry into {@link GrpcOptions}, reporting every
 * problem on the section with its path. Unknown keys are warnings with a suggestion, as everywhere
 * in the configuration ({@link io.signpost.configtree.UnknownKeys}); {@code signpost validate
 * --strict} refuses them.
 */
public final class GrpcOptionsReader {

  /** The keys of the section itself. */
  public static final Set<String> SECTION_KEYS =
      Set.of("address", "max_response_bytes", "tls", "breaker");

  private static final Set<String> TLS_KEYS =
      Set.of("ca_file", "cert_file", "key_file", "server_name");
  private static final Set<String> BREAKER_KEYS = Set.of("failures", "cool_down");

  private GrpcOptionsReader() {}

  /**
   * Reads {@code section}, the value of the entry's {@code grpc} key.
   *
   * @return the options, or null when the section has an error
   */
  public static @Nullable GrpcOptions read(ConfigNode section) {
    long errors = section.errorCount();
    GrpcOptions options = section(section);
    return section.errorCount() > errors ? null : options;
  }

  /** Whether {@code address} is of an accepted form ({@link GrpcTarget}). */
  public static boolean isAddress(String address) {
    return GrpcTarget.parse(address) != null;
  }

  private static @Nullable GrpcOptions section(ConfigNode node) {
    if (!node.isPresent()) {
      node.error("missing (expected: an object with address)");
      return null;
    }
    if (!node.json().isObject()) {
      node.error(node.json() + " (expected: an object with address)");
      return null;
    }
    node.warnUnknownKeys(SECTION_KEYS);
    String address = address(node.get("address"));
    Integer maxBytes =
        node.get("max_response_bytes")
            .integerIn(GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES, 1, Integer.MAX_VALUE);
    GrpcOptions.Tls tls = node.has("tls") ? tls(node.get("tls")) : null;
    GrpcOptions.Breaker breaker = breaker(node.get("breaker"));
    if (address == null || breaker == null || maxBytes == null) {
      return null;
    }
    return new GrpcOptions(address, maxBytes, tls, breaker);
  }

  private static @Nullable String address(ConfigNode node) {
    String text = node.json().isTextual() ? node.json().asText() : null;
    if (!node.isPresent() || (text != null && text.isEmpty())) {
      node.error("missing (expected: " + GrpcTarget.EXPECTED + ")");
      return null;
    }
    if (text == null || !isAddress(text)) {
      node.error(node.json() + " (expected: " + GrpcTarget.EXPECTED + ")");
      return null;
    }
    return text;
  }

  private static GrpcOptions.@Nullable Tls tls(ConfigNode node) {
    if (!node.json().isObject()) {
      node.error(node.json() + " (expected: an object)");
      return null;
    }
    node.warnUnknownKeys(TLS_KEYS);
    Path ca = file(node.get("ca_file"));
    Path cert = file(node.get("cert_file"));
    Path key = file(node.get("key_file"));
    if (node.has("cert_file") != node.has("key_file")) {
      String missing = node.has("cert_file") ? "key_file" : "cert_file";
      node.get(missing).error("missing (expected: cert_file and key_file set together)");
    }
    ConfigNode name = node.get("server_name");
    String serverName = null;
    if (name.isPresent()) {
      if (!name.json().isTextual() || name.json().asText().isBlank()) {
        name.error(name.json() + " (expected: a host name)");
      } else {
        serverName = name.json().asText();
      }
    }
    return new GrpcOptions.Tls(ca, cert, key, serverName);
  }

  private static @Nullable Path file(ConfigNode node) {
    if (!node.isPresent()) {
      return null;
    }
    if (!node.json().isTextual() || node.json().asText().isBlank()) {
      node.error(node.json() + " (expected: a PEM file path)");
      return null;
    }
    Path file = Path.of(node.json().asText());
    if (!Files.exists(file)) {
      node.error("file not found: " + file + " (expected: a PEM file)");
      return file;
    }
    try {
      BoundedFiles.check(file, BoundedFiles.PEM_FILE_MAX_BYTES, "a PEM file");
    } catch (IOException e) {
      node.error(e.getMessage() + " (expected: a PEM file)");
    }
    return file;
  }

  private static GrpcOptions.@Nullable Breaker breaker(ConfigNode node) {
    GrpcOptions.Breaker defaults = GrpcOptions.Breaker.DEFAULT;
    if (!node.isPresent()) {
      return defaults;
    }
    if (!node.json().isObject()) {
      node.error(node.json() + " (expected: an object)");
      return null;
    }
    node.warnUnknownKeys(BREAKER_KEYS);
    Integer failures = node.get("failures").integerIn(defaults.failures(), 0, Integer.MAX_VALUE);
    Duration coolDown = coolDown(node.get("cool_down"), defaults.coolDown());
    return failures == null || coolDown == null
        ? null
        : new GrpcOptions.Breaker(failures, coolDown);
  }

  private static @Nullable Duration coolDown(ConfigNode node, Duration defaultValue) {
    if (!node.isPresent()) {
      return defaultValue;
    }
    Duration parsed = null;
    if (node.json().isTextual()) {
      try {
        parsed = GoDuration.parse(node.json().asText());
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
    }
    if (parsed == null || parsed.isZero() || parsed.isNegative()) {
      node.error(node.json() + " (expected: a duration such as 250ms, 5s or 1m, > 0)");
      return null;
    }
    return parsed;
  }
}
