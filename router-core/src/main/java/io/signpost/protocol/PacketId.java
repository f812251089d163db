package io.signpost.protocol;

/**
 * Packet ids of the framed stream protocol. Only the first {@link #CONNECT} matters to the router.
 */
public final class PacketId {
  public static final int CONNECT = 0;
  public static final int DISCONNECT = 1;
  public static final int PING = 2;
  public static final int PONG = 3;
  public static final int CONNECT_ACCEPT = 14;
  public static final int CLIENT_REFERRAL = 18;

  private PacketId() {}

  /** A name for logs: {@code Connect}, {@code Disconnect}, ... or {@code unknown(<id>)}. */
  public static String name(int packetId) {
    return switch (packetId) {
      case CONNECT -> "Connect";
      case DISCONNECT -> "Disconnect";
      case PING -> "Ping";
      case PONG -> "Pong";
      case CONNECT_ACCEPT -> "ConnectAccept";
      case CLIENT_REFERRAL -> "ClientReferral";
      default -> "unknown(" + Integer.toUnsignedString(packetId) + ")";
    };
  }
}
