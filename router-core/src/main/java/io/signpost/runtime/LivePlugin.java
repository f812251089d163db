package io.signpost.runtime;

import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginSpec;

/**
 * A plugin in service, with the entry it was built from and the fingerprint of its files at that
 * time ({@link io.signpost.plugin.PluginFactory#fingerprint}): what a reload compares to keep it.
 */
record LivePlugin(PluginSpec<?> spec, String fingerprint, Plugin plugin) {

  /**
   * Whether {@code next}, whose files now digest to {@code nextFingerprint}, is this plugin: same
   * entry, same options, same file contents. A fingerprint that names unreadable files never
   * matches.
   */
  boolean servesAs(PluginSpec<?> next, String nextFingerprint) {
    return spec.sameEntry(next)
        && fingerprint.equals(nextFingerprint)
        && !nextFingerprint.startsWith("unreadable");
  }
}
