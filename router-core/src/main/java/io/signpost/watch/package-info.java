/**
 * Noticing that files changed: {@link io.signpost.watch.FileWatcher} polls a set of files (a
 * certificate and its key, a configuration file) by content hash and reports a change once it is
 * stable. Depends only on {@code io.signpost.file}; the runtime decides what a change means.
 */
package io.signpost.watch;
