package io.signpost.plugin;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.function.Supplier;

/**
 * Registers and drops a plugin's own meters so that two instances of one plugin can overlap, as
 * they do during a reload: the new instance takes the meter over ({@link #takeOver}), and the old
 * one, closing later, drops only a meter that is still its own ({@link #release}). Plain Micrometer
 * would hand the new instance the old meter (same name and tags) and let the old instance's close
 * remove it from under the new one.
 */
public final class PluginMeters {

  private PluginMeters() {}

  /**
   * Removes any meter registered as {@code name} with exactly {@code tags}, then registers one with
   * {@code register} (a builder's {@code register(registry)} for the same name and tags).
   */
  public static <M extends Meter> M takeOver(
      MeterRegistry registry, String name, Iterable<Tag> tags, Supplier<M> register) {
    Meter.Id id = new Meter.Id(name, Tags.of(tags), null, null, Meter.Type.OTHER);
    for (Meter existing : registry.find(name).tags(tags).meters()) {
      if (sameId(existing.getId(), id)) {
        registry.remove(existing);
      }
    }
    return register.get();
  }

  /** Removes {@code mine} if the registry still holds that very meter, not a newer instance's. */
  public static void release(MeterRegistry registry, Meter mine) {
    Meter.Id id = mine.getId();
    for (Meter current : registry.find(id.getName()).tags(id.getTags()).meters()) {
      if (current == mine) {
        registry.remove(mine);
        return;
      }
    }
  }

  private static boolean sameId(Meter.Id a, Meter.Id b) {
    return a.getName().equals(b.getName()) && Tags.of(a.getTags()).equals(Tags.of(b.getTags()));
  }
}
