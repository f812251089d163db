package io.signpost.server;

import java.net.InetSocketAddress;

/** The listener could not bind its UDP socket. */
public final class ListenerBindException extends ListenerException {
  private static final long serialVersionUID = 1L;

  public ListenerBindException(InetSocketAddress address, Throwable cause) {
    super("cannot bind UDP " + address + ": " + cause.getMessage(), cause);
  }
}
