package io.signpost.grpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.signpost.annotation.Nullable;
import io.signpost.configtree.ConfigProblem;
import io.signpost.configtree.UnknownKeys;
import io.signpost.file.BoundedFiles;
import io.signpost.grpc.GrpcOptions;
import io.signpost.text.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code grpc:} section of a plugin entry into {@link GrpcOptions}, collecting every
 * problem with its path. Unknown keys are errors, so a misspelt option is never silently ignored.
 */
public final class GrpcOptionsReader {

  private static final Set<String> SECTION_KEYS =
      Set.of("address", "max_response_bytes", "tls", "breaker");
  private static final Set<String> TLS_KEYS =
      Set.of("ca_file", "cert_file", "key_file", "server_name");
  private static final Set<String> BREAKER_KEYS = Set.of("failures", "cool_down");

  private static final Pattern HOST_PORT =
      Pattern.compile("(?:dns:///)?(\\[[0-9A-Fa-f:.%a-zA-Z]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");

  private final List<ConfigProblem> problems = new ArrayList<>();

  private GrpcOptionsReader() {}

  /** The outcome: options when there were no errors, and every problem found. */
  public record Result(@Nullable GrpcOptions options, List<ConfigProblem> problems) {}

  /**
   * Reads {@code section}, the value of the entry's {@code grpc} key.
   *
   * @param path the section's path, for example {@code plugins[0].grpc}
   */
  public static Result read(JsonNode section, String path) {
    GrpcOptionsReader reader = new GrpcOptionsReader();
    GrpcOptions options = reader.section(section, path);
    List<ConfigProblem> found = List.copyOf(reader.problems);
    boolean failed = found.stream().anyMatch(ConfigProblem::isError);
    return new Result(failed ? null : options, found);
  }

  /** Whether {@code address} is of the accepted form. */
  public static boolean isAddress(String address) {
    Matcher m = HOST_PORT.matcher(address);
    if (!m.matches()) {
      return false;
    }
    int port = Integer.parseInt(m.group(2));
    return port >= 1 && port <= 65535;
  }

  private @Nullable GrpcOptions section(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull()) {
      problems.add(ConfigProblem.error(path, "missing (expected: an object with address)"));
      return null;
    }
    if (!node.isObject()) {
      problems.add(ConfigProblem.error(path, node + " (expected: an object with address)"));
      return null;
    }
    unknownKeys(node, path, SECTION_KEYS);
    String address = address(node.path("address"), path + ".address");
    int maxBytes =
        positiveInt(node, "max_response_bytes", path, GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES);
    GrpcOptions.Tls tls = node.has("tls") ? tls(node.get("tls"), path + ".tls") : null;
    GrpcOptions.Breaker breaker = breaker(node.path("breaker"), path + ".breaker");
    if (address == null || breaker == null || maxBytes <= 0) {
      return null;
    }
    return new GrpcOptions(address, maxBytes, tls, breaker);
  }

  private @Nullable String address(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
      problems.add(ConfigProblem.error(path, "missing (expected: host:port)"));
      return null;
    }
    if (!node.isTextual() || !isAddress(node.asText())) {
      problems.add(ConfigProblem.error(path, node + " (expected: host:port)"));
      return null;
    }
    return node.asText();
  }

  private int positiveInt(JsonNode parent, String key, String path, int fallback) {
    JsonNode node = parent.path(key);
    if (node.isMissingNode()) {
      return fallback;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
      problems.add(ConfigProblem.error(path + "." + key, node + " (expected: an integer > 0)"));
      return -1;
    }
    return node.asInt();
  }

  private GrpcOptions.@Nullable Tls tls(JsonNode node, String path) {
    if (!node.isObject()) {
      problems.add(ConfigProblem.error(path, node + " (expected: an object)"));
      return null;
    }
    unknownKeys(node, path, TLS_KEYS);
    Path ca = file(node, "ca_file", path);
    Path cert = file(node, "cert_file", path);
    Path key = file(node, "key_file", path);
    if (node.has("cert_file") != node.has("key_file")) {
      String missing = node.has("cert_file") ? "key_file" : "cert_file";
      problems.add(
          ConfigProblem.error(
              path + "." + missing, "missing (expected: cert_file and key_file set together)"));
    }
    JsonNode name = node.path("server_name");
    String serverName = null;
    if (!name.isMissingNode()) {
      if (!name.isTextual() || name.asText().isBlank()) {
        problems.add(ConfigProblem.error(path + ".server_name", name + " (expected: a host name)"));
      } else {
        serverName = name.asText();
      }
    }
    return new GrpcOptions.Tls(ca, cert, key, serverName);
  }

  private @Nullable Path file(JsonNode parent, String key, String path) {
    JsonNode node = parent.path(key);
    if (node.isMissingNode()) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      problems.add(ConfigProblem.error(path + "." + key, node + " (expected: a PEM file path)"));
      return null;
    }
    Path file = Path.of(node.asText());
    if (!Files.exists(file)) {
      problems.add(
          ConfigProblem.error(
              path + "." + key, "file not found: " + file + " (expected: a PEM file)"));
      return file;
    }
    try {
      BoundedFiles.check(file, BoundedFiles.PEM_FILE_MAX_BYTES, "a PEM file");
    } catch (IOException e) {
      problems.add(
          ConfigProblem.error(path + "." + key, e.getMessage() + " (expected: a PEM file)"));
    }
    return file;
  }

  private GrpcOptions.@Nullable Breaker breaker(JsonNode node, String path) {
    GrpcOptions.Breaker defaults = GrpcOptions.Breaker.DEFAULT;
    if (node.isMissingNode()) {
      return defaults;
    }
    if (!node.isObject()) {
      problems.add(ConfigProblem.error(path, node + " (expected: an object)"));
      return null;
    }
    unknownKeys(node, path, BREAKER_KEYS);
    int failures = defaults.failures();
    JsonNode f = node.path("failures");
    if (!f.isMissingNode()) {
      if (!f.isIntegralNumber() || !f.canConvertToInt() || f.asInt() < 0) {
        problems.add(ConfigProblem.error(path + ".failures", f + " (expected: an integer >= 0)"));
        return null;
      }
      failures = f.asInt();
    }
    Duration coolDown = defaults.coolDown();
    JsonNode c = node.path("cool_down");
    if (!c.isMissingNode()) {
      Duration parsed = c.isTextual() ? parseDuration(c.asText()) : null;
      if (parsed == null || parsed.isZero() || parsed.isNegative()) {
        problems.add(
            ConfigProblem.error(
                path + ".cool_down", c + " (expected: a duration such as 250ms, 5s or 1m, > 0)"));
        return null;
      }
      coolDown = parsed;
    }
    return new GrpcOptions.Breaker(failures, coolDown);
  }

  private void unknownKeys(JsonNode node, String path, Set<String> known) {
    UnknownKeys.errors(node, path, known, problems);
  }

  private static Duration parseDuration(String text) {
    try {
      return GoDuration.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
