package io.signpost.wasm.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;

/**
 * One instance's allowance of table elements, shared by all its tables, initial and grown. Growth
 * past the allowance fails inside the guest: {@code table.grow} returns -1, as the specification
 * allows and as refused memory growth does. Confined to the thread that owns the instance.
 *
 * <p>Each table is created from a copy of the module's declaration: Chicory records growth in the
 * declaration's limits, which every instance of the module shares, so without the copy one
 * instance's growth would become the next instance's initial size.
 */
final class TableBudget implements TableFactory {
  private final int maxElements;
  private long used;
  private boolean growthRefused;

  TableBudget(int maxElements) {
    this.maxElements = maxElements;
  }

  @Override
  public TableInstance create(Table declared, int initValue) {
    TableLimits limits = declared.limits();
    long initial = limits.min();
    if (initial > maxElements - used) {
      // ResourceChecks refuses such modules at load; this is the last line.
      throw new IllegalStateException(
          "tables need more than max_table_elements (" + maxElements + ") at start");
    }
    used += initial;
    Table own =
        new Table(
            declared.elementType(),
            new TableLimits(initial, limits.max(), limits.shared()),
            declared.initialize());
    return new BoundedTable(own, initValue);
  }

  /** Whether a {@code table.grow} was refused since the last {@link #clearGrowthRefused()}. */
  boolean growthRefused() {
    return growthRefused;
  }

  void clearGrowthRefused() {
    growthRefused = false;
  }

  int maxElements() {
    return maxElements;
  }

  /** Elements allocated across the instance's tables. */
  long used() {
    return used;
  }

  private final class BoundedTable extends TableInstance {
    BoundedTable(Table table, int initValue) {
      super(table, initValue);
    }

    @Override
    public int grow(int size, int value, Instance instance) {
      if (size < 0) {
        return -1;
      }
      if (size > maxElements - used) {
        growthRefused = true;
        return -1;
      }
      if ((long) size() + size > limits().max()) {
        return -1;
      }
      int previous = super.grow(size, value, instance);
      if (previous >= 0) {
        used += size;
      }
      return previous;
    }
  }
}
