package io.signpost.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback UDP relay in front of two replicas: one client's datagrams go to {@code first} until
 * {@code first} has answered once (its Retry), then to {@code second}; answers from either go back
 * to the client. Both replicas see the relay's one upstream address, as they would see a client
 * behind a load balancer that moved it. Its two threads stop at {@link #close()} (their receives
 * time out every 100 ms to check).
 */
final class RetryRelay implements AutoCloseable {
  private final DatagramSocket clientSide;
  private final DatagramSocket upstream;
  private final InetSocketAddress first;
  private final InetSocketAddress second;
  private final AtomicBoolean firstAnswered = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile SocketAddress client;

  private RetryRelay(InetSocketAddress first, InetSocketAddress second) throws SocketException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.clientSide = new DatagramSocket(new InetSocketAddress(loopback, 0));
    this.upstream = new DatagramSocket(new InetSocketAddress(loopback, 0));
    this.first = first;
    this.second = second;
    clientSide.setSoTimeout(100);
    upstream.setSoTimeout(100);
  }

  static RetryRelay start(InetSocketAddress first, InetSocketAddress second) {
    try {
      RetryRelay relay = new RetryRelay(first, second);
      relay.thread("retry-relay-out", relay::towardsReplicas);
      relay.thread("retry-relay-back", relay::towardsClient);
      return relay;
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the client sends. */
  InetSocketAddress address() {
    return (InetSocketAddress) clientSide.getLocalSocketAddress();
  }

  private void thread(String name, Runnable loop) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    t.start();
  }

  private void towardsReplicas() {
    byte[] buffer = new byte[65_535];
    while (!closed.get()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      if (!receive(clientSide, packet)) {
        continue;
      }
      client = packet.getSocketAddress();
      InetSocketAddress target = firstAnswered.get() ? second : first;
      send(upstream, new DatagramPacket(buffer, packet.getLength(), target));
    }
  }

  private void towardsClient() {
    byte[] buffer = new byte[65_535];
    while (!closed.get()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      if (!receive(upstream, packet)) {
        continue;
      }
      if (packet.getSocketAddress().equals(first)) {
        firstAnswered.set(true);
      }
      SocketAddress to = client;
      if (to != null) {
        send(clientSide, new DatagramPacket(buffer, packet.getLength(), to));
      }
    }
  }

  private boolean receive(DatagramSocket socket, DatagramPacket packet) {
    try {
      socket.receive(packet);
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      if (closed.get()) {
        return false;
      }
      throw new UncheckedIOException(e);
    }
  }

  private void send(DatagramSocket socket, DatagramPacket packet) {
    try {
      socket.send(packet);
    } catch (IOException e) {
      if (!closed.get()) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    closed.set(true);
    clientSide.close();
    upstream.close();
  }
}
