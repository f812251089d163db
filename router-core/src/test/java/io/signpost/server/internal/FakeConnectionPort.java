package io.signpost.server.internal;

import io.signpost.annotation.Nullable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * A connection in memory for {@link ConnectionSession}'s tests: time moves only with {@link
 * #advance}, tasks handed over from other threads run with {@link #runQueued}, and writes wait for
 * {@link FakeStream#completeWrite}.
 */
final class FakeConnectionPort implements ConnectionPort {

  /** A close of the connection. */
  record Close(int code, String reason) {}

  private final class Scheduled implements Timer {
    final Runnable task;
    final long dueNanos;
    boolean cancelled;

    Scheduled(Runnable task, long dueNanos) {
      this.task = task;
      this.dueNanos = dueNanos;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  final List<Close> closes = new ArrayList<>();
  private final List<Scheduled> timers = new ArrayList<>();
  private final Queue<Runnable> queued = new ArrayDeque<>();
  private long nowNanos;
  boolean onConnectionThread = true;
  boolean timedOut;
  String alpn = "hytale/2";

  @Override
  public Timer schedule(Runnable task, Duration delay) {
    Scheduled scheduled = new Scheduled(task, nowNanos + delay.toNanos());
    timers.add(scheduled);
    return scheduled;
  }

  @Override
  public boolean inConnectionThread() {
    return onConnectionThread;
  }

  @Override
  public void execute(Runnable task) {
    queued.add(task);
  }

  @Override
  public void close(int code, String reason) {
    closes.add(new Close(code, reason));
  }

  @Override
  public boolean isTimedOut() {
    return timedOut;
  }

  @Override
  public String alpn() {
    return alpn;
  }

  @Override
  public @Nullable String clientCertFingerprint() {
    return null;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }

  /** Moves time on by {@code by}, running the timers that fall due, in order. */
  void advance(Duration by) {
    long until = nowNanos + by.toNanos();
    while (true) {
      Scheduled next =
          timers.stream()
              .filter(t -> !t.cancelled && t.dueNanos <= until)
              .min(Comparator.comparingLong(t -> t.dueNanos))
              .orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next);
      nowNanos = next.dueNanos;
      next.task.run();
    }
    nowNanos = until;
  }

  /** Timers armed and neither run nor cancelled. */
  long pendingTimers() {
    return timers.stream().filter(t -> !t.cancelled).count();
  }

  /** Runs what other threads handed to the connection's thread. */
  void runQueued() {
    for (Runnable task; (task = queued.poll()) != null; ) {
      task.run();
    }
  }

  /** A stream whose writes complete when the test says. */
  static final class FakeStream implements Stream {
    final List<byte[]> written = new ArrayList<>();
    private final long id;
    private final boolean bidirectional;
    private @Nullable Consumer<@Nullable Throwable> pending;

    /** The client's first bidirectional stream, id 0. */
    FakeStream() {
      this(0, true);
    }

    FakeStream(long id, boolean bidirectional) {
      this.id = id;
      this.bidirectional = bidirectional;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public boolean bidirectional() {
      return bidirectional;
    }

    @Override
    public void writeAndFinish(byte[] framedPacket, Consumer<@Nullable Throwable> done) {
      written.add(framedPacket);
      pending = done;
    }

    void completeWrite(@Nullable Throwable failure) {
      Consumer<@Nullable Throwable> done = pending;
      pending = null;
      done.accept(failure);
    }
  }
}
