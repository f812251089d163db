package io.signpost.discovery;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.time.Duration;

/**
 * A provider's health at one moment.
 *
 * @param synced whether the provider has completed its first full list (allocating providers: once
 *     started)
 * @param watching whether every watch is up now, so the list is current
 * @param stale whether the provider has not been current for longer than its {@code stale_after};
 *     it still reports its last list
 * @param age how long since the list was last known current; zero while {@link #watching}
 * @param watchRestarts how many times a lost watch came back (reconnected or relisted)
 * @param watchErrors how many list or watch requests failed, or watches were seen to stop
 * @param lastError the last failure, for readiness reasons and logs; null when there was none
 */
public record DiscoveryStatus(
    boolean synced,
    boolean watching,
    boolean stale,
    Duration age,
    long watchRestarts,
    long watchErrors,
    @Nullable String lastError) {

  public DiscoveryStatus {
    requireNonNull(age, "age");
  }
}
