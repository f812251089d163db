package io.signpost.server.internal;

import io.signpost.server.ConnectionHandler;
import io.signpost.server.ListenerObserver;
import io.signpost.server.ListenerSettings;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every connection of one listener shares: settings, the handler, admission, the set of live
 * sessions and the shutdown phase.
 *
 * <p>Thread-safe: the phase is volatile and the session set concurrent, because {@link
 * io.signpost.server.QuicListener#shutdown()} may be called from any thread.
 */
public final class ListenerContext {
  private final ListenerObserver observer;

  /** Where the listener is in its life. */
  public enum Phase {
    /** Accepting and answering normally. */
    RUNNING,
    /** Shutdown began: connections still accepted, Connect frames answered with onFailure. */
    DRAINING,
    /** The grace period is over: new connections refused, the rest aborted. */
    CLOSING
  }

  private final ListenerSettings settings;
  private final ConnectionHandler handler;
  private final ConnectionAdmission admission;
  private final ConnectionLog log;
  private final Set<ConnectionSession> sessions = ConcurrentHashMap.newKeySet();
  private final Runnable onDrained;
  private volatile Phase phase = Phase.RUNNING;

  /**
   * @param onDrained called (on an event loop) whenever the last live connection closes while the
   *     listener is not {@link Phase#RUNNING}
   */
  public ListenerContext(
      ListenerSettings settings,
      ConnectionHandler handler,
      ConnectionAdmission admission,
      ListenerObserver observer,
      Runnable onDrained) {
    this.observer = observer;
    this.settings = settings;
    this.handler = handler;
    this.admission = admission;
    this.log = new ConnectionLog(settings.logClientIp());
    this.onDrained = onDrained;
  }

  public ListenerObserver observer() {
    return observer;
  }

  public ListenerSettings settings() {
    return settings;
  }

  public ConnectionHandler handler() {
    return handler;
  }

  public ConnectionAdmission admission() {
    return admission;
  }

  public ConnectionLog log() {
    return log;
  }

  public Phase phase() {
    return phase;
  }

  public void phase(Phase phase) {
    this.phase = phase;
  }

  /** Live sessions, for shutdown. */
  public Set<ConnectionSession> sessions() {
    return sessions;
  }

  void opened(ConnectionSession session) {
    sessions.add(session);
  }

  void closed(ConnectionSession session) {
    sessions.remove(session);
    if (admission.release() == 0 && phase != Phase.RUNNING) {
      onDrained.run();
    }
  }
}
