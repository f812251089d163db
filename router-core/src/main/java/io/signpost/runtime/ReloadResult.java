package io.signpost.runtime;

import static java.util.Objects.requireNonNull;

import io.signpost.metrics.ConfigMetrics;
import java.time.Duration;
import java.util.List;

/**
 * What one reload did.
 *
 * @param result applied, unchanged, refused or failed
 * @param trigger what asked for it: {@code admin}, {@code SIGHUP}, {@code file change}, ...
 * @param generation the generation in service afterwards
 * @param digest the digest of the document in service afterwards
 * @param errors why it was refused or failed, one line each; empty otherwise
 * @param created plugins built for the new configuration (new or changed entries)
 * @param kept plugins taken over as they were (same entry, same files)
 * @param removed plugins of the old configuration the new one does not have; closed once their
 *     calls in flight are done
 * @param took from reading the document to the swap or the refusal
 */
public record ReloadResult(
    ConfigMetrics.Result result,
    String trigger,
    long generation,
    String digest,
    List<String> errors,
    List<String> created,
    List<String> kept,
    List<String> removed,
    Duration took) {

  public ReloadResult {
    requireNonNull(result, "result");
    requireNonNull(trigger, "trigger");
    requireNonNull(digest, "digest");
    errors = List.copyOf(errors);
    created = List.copyOf(created);
    kept = List.copyOf(kept);
    removed = List.copyOf(removed);
    requireNonNull(took, "took");
  }

  /** Whether the configuration in service is the one asked for (applied or unchanged). */
  public boolean ok() {
    return result == ConfigMetrics.Result.APPLIED || result == ConfigMetrics.Result.UNCHANGED;
  }

  /** One line for the log. */
  public String summary() {
    String ms = took.toMillis() + " ms";
    return switch (result) {
      case APPLIED ->
          "configuration generation "
              + generation
              + " in service ("
              + digest
              + ", "
              + ms
              + "): plugins created "
              + created
              + ", kept "
              + kept
              + ", removed "
              + removed;
      case UNCHANGED -> "configuration unchanged (" + digest + "), generation " + generation;
      case REFUSED, FAILED ->
          "reload "
              + result.tag()
              + ", generation "
              + generation
              + " keeps serving: "
              + String.join("; ", errors);
    };
  }
}
