package io.signpost.routing;

import io.signpost.plugin.Backend;
import java.util.Comparator;
import java.util.List;

/**
 * The comparator for a pool's {@code sort} rules: per rule, backends with a value precede those
 * without; values compare by type and order; later rules break ties. Used with a stable sort, so
 * equal backends keep their config order.
 */
final class CandidateOrder implements Comparator<Backend> {

  private final SortKey[] keys;

  private CandidateOrder(List<SortKey> keys) {
    this.keys = keys.toArray(SortKey[]::new);
  }

  static CandidateOrder of(List<SortKey> keys) {
    return new CandidateOrder(keys);
  }

  @Override
  public int compare(Backend a, Backend b) {
    for (SortKey k : keys) {
      int c = k.type() == SortKey.Type.NUMBER ? compareNumbers(k, a, b) : compareText(k, a, b);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareNumbers(SortKey k, Backend a, Backend b) {
    double x = k.key().number(a);
    double y = k.key().number(b);
    boolean hasX = !Double.isNaN(x);
    boolean hasY = !Double.isNaN(y);
    if (hasX != hasY) {
      return hasX ? -1 : 1;
    }
    if (!hasX || x == y) {
      return 0;
    }
    int c = x < y ? -1 : 1;
    return k.order() == SortKey.Order.DESC ? -c : c;
  }

  private static int compareText(SortKey k, Backend a, Backend b) {
    String x = k.key().text(a);
    String y = k.key().text(b);
    if ((x == null) != (y == null)) {
      return x != null ? -1 : 1;
    }
    if (x == null) {
      return 0;
    }
    int c = x.compareTo(y);
    return k.order() == SortKey.Order.DESC ? -c : c;
  }
}
