package io.signpost.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP load balancer that changes its mind: it sends the client's datagrams to {@code first} until
 * {@code first} has answered once, and every later datagram to {@code second}. In front of two QUIC
 * listeners this sends the client's Initial to one replica and its Initial with the Retry token to
 * the other, as a load balancer that does not keep flows together would.
 */
final class SwitchingUdpForwarder implements AutoCloseable {

  private final DatagramSocket clientSide;
  private final DatagramSocket upstream;
  private final InetSocketAddress first;
  private final InetSocketAddress second;
  private final AtomicInteger toFirst = new AtomicInteger();
  private final AtomicInteger toSecond = new AtomicInteger();
  private volatile boolean switched;
  private volatile InetSocketAddress client;

  SwitchingUdpForwarder(InetSocketAddress first, InetSocketAddress second) throws SocketException {
    this.first = first;
    this.second = second;
    this.clientSide =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    start("forward-to-listeners", this::clientToListeners);
    start("forward-to-client", this::listenersToClient);
  }

  /** Where the client sends. */
  InetSocketAddress address() {
    return (InetSocketAddress) clientSide.getLocalSocketAddress();
  }

  int datagramsToFirst() {
    return toFirst.get();
  }

  int datagramsToSecond() {
    return toSecond.get();
  }

  private void clientToListeners() throws IOException {
    byte[] buffer = new byte[65_535];
    while (true) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      clientSide.receive(packet);
      client = (InetSocketAddress) packet.getSocketAddress();
      boolean later = switched;
      (later ? toSecond : toFirst).incrementAndGet();
      upstream.send(
          new DatagramPacket(
              packet.getData(), packet.getOffset(), packet.getLength(), later ? second : first));
    }
  }

  private void listenersToClient() throws IOException {
    byte[] buffer = new byte[65_535];
    while (true) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      upstream.receive(packet);
      if (packet.getSocketAddress().equals(first)) {
        switched = true;
      }
      InetSocketAddress to = client;
      if (to != null) {
        clientSide.send(
            new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), to));
      }
    }
  }

  private static void start(String name, IoLoop loop) {
    Thread thread =
        new Thread(
            () -> {
              try {
                loop.run();
              } catch (IOException e) {
                // closed
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    clientSide.close();
    upstream.close();
  }

  private interface IoLoop {
    void run() throws IOException;
  }
}
