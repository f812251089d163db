package io.signpost.routing;

import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;

/**
 * A pool filter: keeps the candidates it {@linkplain #accepts accepts}. A pool keeps a backend only
 * when every filter accepts it. Filters read backend metadata and the decoded {@code Connect}
 * request; they are immutable, thread-safe and never throw on missing or garbled metadata.
 */
public sealed interface Filter permits WhitelistFilter, CompareFilter, GameStartNotPastFilter {

  /**
   * Whether {@code backend} stays a candidate.
   *
   * @param event the connecting client
   * @param nowMillis the current wall-clock time in Unix milliseconds
   */
  boolean accepts(Backend backend, ConnectEvent event, long nowMillis);

  /** The config spelling of the filter's {@code type}. */
  String type();
}
