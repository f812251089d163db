package io.signpost.routing;

import java.util.Optional;

/** How a pool picks one backend from its candidates. */
public enum Strategy {
  /** Cycles through the candidates with one counter per pool. */
  ROUND_ROBIN,
  /** Uniformly random. */
  RANDOM,
  /**
   * Random, proportional to {@link io.signpost.plugin.Backend#weight()} (values below 1 count as
   * 1).
   */
  WEIGHTED,
  /** The candidate with the lowest numeric value of the pool's {@code key}. */
  LEAST_LOADED,
  /** Power of k choices: the lowest {@code key} among {@code sample} distinct random candidates. */
  P2C;

  /** The config spelling, for example {@code round_robin}. */
  public String configName() {
    return ConfigNames.configName(this);
  }

  /** Whether the strategy reads the pool's {@code key}. */
  public boolean needsKey() {
    return this == LEAST_LOADED || this == P2C;
  }

  /** Parses a config value; case, surrounding blanks and {@code -} for {@code _} are tolerated. */
  public static Optional<Strategy> parse(String value) {
    return ConfigNames.parse(values(), value);
  }
}
