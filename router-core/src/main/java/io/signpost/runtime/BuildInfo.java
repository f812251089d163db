package io.signpost.runtime;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which Signpost this is: the project version and the git commit it was built from, written into
 * {@code io/signpost/runtime/build-info.properties} at build time. Shown by {@code signpost
 * --version}, in the startup log and as the metric {@code signpost_build_info}.
 *
 * @param version the project version, {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}; {@value #UNKNOWN}
 *     when the classes were not built by Maven
 * @param commit the abbreviated commit id; {@value #UNKNOWN} when built outside a git checkout
 */
public record BuildInfo(String version, String commit) {

  /** The value of a field the build did not know. */
  public static final String UNKNOWN = "unknown";

  private static final String RESOURCE = "build-info.properties";

  private static final BuildInfo CURRENT = load();

  public BuildInfo {
    requireNonNull(version, "version");
    requireNonNull(commit, "commit");
  }

  /** The build of the classes on the class path. */
  public static BuildInfo current() {
    return CURRENT;
  }

  /** {@code 0.1.0 (commit 1a2b3c4d5e6f)}. */
  public String describe() {
    return version + " (commit " + commit + ")";
  }

  private static BuildInfo load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return of(properties.getProperty("version"), properties.getProperty("commit"));
  }

  /**
   * Build information from the resource's raw values: a missing, blank or unfiltered value ({@code
   * ${git.commit.id.abbrev}} when the build found no git checkout) reads as {@value #UNKNOWN}.
   */
  static BuildInfo of(@Nullable String version, @Nullable String commit) {
    return new BuildInfo(known(version), known(commit));
  }

  private static String known(@Nullable String value) {
    if (value == null || value.isBlank() || value.contains("${")) {
      return UNKNOWN;
    }
    return value.strip();
  }
}
