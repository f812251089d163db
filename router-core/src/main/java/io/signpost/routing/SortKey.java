package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One sort rule of a pool: candidates with the value come first, ordered by it; those without it
 * keep their relative order at the end (for both orders).
 *
 * @param key the value compared
 * @param type how values compare; {@code string} by default
 * @param order {@code asc} by default
 */
public record SortKey(BackendKey key, Type type, Order order) {

  /** How sort values compare. */
  public enum Type {
    /** By UTF-16 code unit, which is byte order for ASCII. */
    STRING,
    /** As decimal numbers; a value that does not parse counts as absent. */
    NUMBER;

    public String configName() {
      return ConfigNames.configName(this);
    }

    public static Optional<Type> parse(String value) {
      return ConfigNames.parse(values(), value);
    }
  }

  /** Sort direction. */
  public enum Order {
    ASC,
    DESC;

    public String configName() {
      return ConfigNames.configName(this);
    }

    public static Optional<Order> parse(String value) {
      return ConfigNames.parse(values(), value);
    }
  }

  public SortKey {
    requireNonNull(key, "key");
    requireNonNull(type, "type");
    requireNonNull(order, "order");
  }

  @Override
  public String toString() {
    return key + " " + type.configName() + " " + order.configName();
  }
}
