package io.signpost.watch;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import io.signpost.file.BoundedFiles;
import io.signpost.file.FileDigest;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a set of files by polling their content: every {@code interval} each file is read (at
 * most {@code maxBytes}, through {@link BoundedFiles}, so symbolic links are followed and a pipe or
 * device is refused) and its SHA-256 compared with the content last reported. Content, not
 * modification times, decides: a file rewritten in place, replaced by a rename, or reached through
 * a symbolic link that is swapped (Kubernetes mounts a ConfigMap or Secret as {@code name ->
 * ..data/name} and swaps {@code ..data} atomically) is seen the same way, and a file that is only
 * touched is not a change.
 *
 * <p><b>Debounce.</b> A new content is reported once it has been read the same on two consecutive
 * polls, so a file caught half-written is not reported until the writer has finished. The set is
 * one unit: {@link Listener#onChange} is called once every file of the set is readable and none is
 * between two contents, with every file that changed since the last report. A certificate and its
 * key rewritten one after the other are thus reported together, as a pair. The initial content,
 * read by {@link #start}, is never reported; neither is the same content twice in a row; a file
 * that changes and changes back before two polls saw the new content is not reported at all.
 *
 * <p><b>Failures.</b> A file that cannot be read (missing, unreadable, not a regular file, over the
 * cap) is never thrown: it is logged at WARN and given to {@link Listener#onUnreadable}, once per
 * distinct error of that file (the same error on later polls is silent), and logged at INFO when it
 * can be read again. A missing file that comes back with the content it had is no change. A
 * listener that throws is logged and does not stop the polling.
 *
 * <p><b>Threads.</b> Polls run on the given timer (reading files: that thread blocks on the file
 * system, so it should not be one that serves deadlines), the listener on the polling thread. At
 * most one poll runs at a time, {@link #poll} included. Closing stops future polls; one already
 * running finishes.
 */
public final class FileWatcher implements AutoCloseable {

  /** The polling interval Signpost uses when none is configured. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(FileWatcher.class);

  /**
   * What a {@link FileWatcher} reports. Both methods are called on the polling thread, one at a
   * time; they may block (the next poll waits), and what they throw is logged and otherwise
   * ignored.
   */
  public interface Listener {

    /**
     * Some files of the set have a new, stable content.
     *
     * @param changed the files whose content differs from the last report (or from the start), in
     *     the order they were given to the watcher; never empty
     */
    void onChange(List<Path> changed);

    /**
     * {@code file} cannot be read, for a reason other than the last time it could not. Called once
     * per distinct error, after the watcher has logged it. Does nothing unless overridden.
     */
    default void onUnreadable(Path file, IOException error) {}
  }

  private final String name;
  private final long maxBytes;
  private final Listener listener;
  private final List<Watched> files;
  private volatile @Nullable ScheduledFuture<?> task;
  private volatile boolean closed;

  FileWatcher(String name, List<Path> files, long maxBytes, Listener listener) {
    this.name = requireNonNull(name, "name");
    this.listener = requireNonNull(listener, "listener");
    if (maxBytes < 0 || maxBytes > BoundedFiles.MAX_CAP) {
      throw new IllegalArgumentException(
          "maxBytes: " + maxBytes + " (expected: 0.." + BoundedFiles.MAX_CAP + ")");
    }
    this.maxBytes = maxBytes;
    requireNonNull(files, "files");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("files: empty (expected: at least one file)");
    }
    List<Watched> watched = new ArrayList<>();
    for (Path file : new LinkedHashSet<>(files)) {
      watched.add(new Watched(requireNonNull(file, "file")));
    }
    this.files = List.copyOf(watched);
    for (Watched file : this.files) {
      Read initial = read(file.path);
      file.reported = initial.hash;
      file.stable = initial.hash;
      if (initial.error != null) {
        unreadable(file, initial.error);
      }
    }
  }

  /**
   * Reads the files' current content (which is never reported) and polls them every {@code
   * interval} on {@code timer}, reading at most {@link BoundedFiles#CONFIG_FILE_MAX_BYTES} of each.
   *
   * @param name what the files are, for log lines: {@code "tls certificate"}
   * @param files the files to watch, at least one; symbolic links are followed
   * @param interval time between the end of one poll and the start of the next, positive
   * @param timer runs the polls and the listener
   * @param onChange called with the files that changed, see {@link Listener#onChange}
   */
  public static FileWatcher start(
      String name,
      List<Path> files,
      Duration interval,
      ScheduledExecutorService timer,
      Consumer<List<Path>> onChange) {
    requireNonNull(onChange, "onChange");
    return start(
        name, files, BoundedFiles.CONFIG_FILE_MAX_BYTES, interval, timer, onChange::accept);
  }

  /**
   * As {@link #start(String, List, Duration, ScheduledExecutorService, Consumer)}, with a cap per
   * file and a listener that also hears of unreadable files.
   *
   * @param maxBytes the most read of each file, {@code 0..}{@link BoundedFiles#MAX_CAP}; a larger
   *     file is reported unreadable
   */
  public static FileWatcher start(
      String name,
      List<Path> files,
      long maxBytes,
      Duration interval,
      ScheduledExecutorService timer,
      Listener listener) {
    requireNonNull(interval, "interval");
    requireNonNull(timer, "timer");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
    }
    FileWatcher watcher = new FileWatcher(name, files, maxBytes, listener);
    long nanos = interval.toNanos();
    watcher.task = timer.scheduleWithFixedDelay(watcher::poll, nanos, nanos, TimeUnit.NANOSECONDS);
    return watcher;
  }

  /** The files watched, in the order given, without duplicates. */
  public List<Path> files() {
    return files.stream().map(f -> f.path).toList();
  }

  /**
   * Reads every file once now, on the calling thread, and calls the listener when that completes a
   * change. The timer calls this; tests and "check now" requests may too. Does nothing once closed.
   */
  public synchronized void poll() {
    if (closed) {
      return;
    }
    try {
      boolean settled = true;
      for (Watched file : files) {
        settled &= observe(file);
      }
      if (!settled) {
        return;
      }
      List<Path> changed = new ArrayList<>();
      for (Watched file : files) {
        if (!Objects.equals(file.stable, file.reported)) {
          changed.add(file.path);
          file.reported = file.stable;
        }
      }
      if (!changed.isEmpty()) {
        LOG.info("{}: changed: {}", name, changed);
        listener.onChange(List.copyOf(changed));
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: change listener failed: {}", name, e.toString(), e);
    }
  }

  /** Reads one file; true when it is readable and not between two contents. */
  private boolean observe(Watched file) {
    Read now = read(file.path);
    if (now.error != null) {
      file.pending = null;
      unreadable(file, now.error);
      return false;
    }
    if (file.lastError != null) {
      LOG.info("{}: {} is readable again", name, file.path);
      file.lastError = null;
    }
    if (Objects.equals(now.hash, file.stable)) {
      file.pending = null;
      return true;
    }
    if (Objects.equals(now.hash, file.pending)) {
      file.stable = now.hash;
      file.pending = null;
      return true;
    }
    file.pending = now.hash;
    return false;
  }

  private void unreadable(Watched file, IOException error) {
    String message = String.valueOf(error.getMessage()) + " (" + error.getClass().getName() + ")";
    if (message.equals(file.lastError)) {
      return;
    }
    file.lastError = message;
    LOG.warn("{}: cannot read {}: {}", name, file.path, describe(error));
    try {
      listener.onUnreadable(file.path, error);
    } catch (RuntimeException e) {
      LOG.warn("{}: failure listener failed: {}", name, e.toString(), e);
    }
  }

  private static String describe(IOException error) {
    if (error instanceof NoSuchFileException) {
      return "no such file";
    }
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }

  private Read read(Path file) {
    try {
      byte[] bytes = BoundedFiles.read(file, maxBytes, "a watched file");
      return new Read(FileDigest.of(bytes), null);
    } catch (IOException e) {
      return new Read(null, e);
    }
  }

  /** Stops polling. Idempotent; a poll already running finishes. */
  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> scheduled = task;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }

  /**
   * One file, by content hash: as last reported (or at the start), as last read on two polls in a
   * row, and as read once on the last poll when that differed; null for an unreadable file.
   */
  private static final class Watched {
    final Path path;
    @Nullable String reported;
    @Nullable String stable;
    @Nullable String pending;
    @Nullable String lastError;

    Watched(Path path) {
      this.path = path;
    }
  }

  private record Read(@Nullable String hash, @Nullable IOException error) {}
}
