package io.signpost.routing;

import static java.util.Objects.requireNonNull;

import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import java.util.Optional;

/**
 * {@code type: compare}: keeps a backend when {@code left op right} holds numerically. An operand
 * is a {@link BackendKey}; when the backend has no numeric value for it and the operand itself is a
 * number ({@code 100}), that number is used (a Signpost addition: Hyrouter reads operands only from
 * the backend). A backend where either side has no numeric value is dropped.
 *
 * @param left the left operand
 * @param op the comparison
 * @param right the right operand
 */
public record CompareFilter(Operand left, Op op, Operand right) implements Filter {

  /** The comparison operators, spelled as in Hyrouter. */
  public enum Op {
    LT,
    LTE,
    GT,
    GTE,
    EQ,
    NEQ;

    public String configName() {
      return ConfigNames.configName(this);
    }

    public static Optional<Op> parse(String value) {
      String n = ConfigNames.normalize(value);
      for (Op op : values()) {
        if (op.configName().equals(n)) {
          return Optional.of(op);
        }
      }
      return Optional.empty();
    }

    boolean test(double a, double b) {
      return switch (this) {
        case LT -> a < b;
        case LTE -> a <= b;
        case GT -> a > b;
        case GTE -> a >= b;
        case EQ -> a == b;
        case NEQ -> a != b;
      };
    }
  }

  /**
   * One side of a comparison.
   *
   * @param key the backend value read
   * @param literal the operand's own numeric value, {@link Double#NaN} when it is not a number
   */
  public record Operand(BackendKey key, double literal) {

    public Operand {
      requireNonNull(key, "key");
    }

    /** Compiles an operand as written in the config. */
    public static Operand of(String text) {
      return new Operand(BackendKey.of(text), BackendKey.parseNumber(text.strip()));
    }

    double value(Backend backend) {
      double v = key.number(backend);
      return Double.isNaN(v) ? literal : v;
    }

    @Override
    public String toString() {
      return key.source();
    }
  }

  public CompareFilter {
    requireNonNull(left, "left");
    requireNonNull(op, "op");
    requireNonNull(right, "right");
  }

  @Override
  public boolean accepts(Backend backend, ConnectEvent event, long nowMillis) {
    double a = left.value(backend);
    double b = right.value(backend);
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return false;
    }
    return op.test(a, b);
  }

  @Override
  public String type() {
    return "compare";
  }

  @Override
  public String toString() {
    return "compare(" + left + " " + op.configName() + " " + right + ")";
  }
}
