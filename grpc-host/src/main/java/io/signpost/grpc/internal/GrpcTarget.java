package io.signpost.grpc.internal;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin server address as Hyrouter's gRPC library ({@code grpc.NewClient} of grpc-go) reads it,
 * turned into the target grpc-java dials.
 *
 * <ul>
 *   <li>{@code host}, {@code host:port}, {@code [v6]:port}, {@code dns:///host[:port]} and {@code
 *       passthrough:///host:port}: a TCP server, resolved through DNS; without a port, 443 (the
 *       default of grpc-go's DNS resolver, which Hyrouter uses even without TLS);
 *   <li>{@code unix:///absolute/path}, {@code unix:/absolute/path}, {@code unix:relative/path}: a
 *       Unix domain socket (Linux, through the native epoll transport).
 * </ul>
 *
 * Refused: other schemes, a DNS server authority ({@code dns://8.8.8.8/host}), {@code
 * unix-abstract:} and {@code unix://host/path}, none of which grpc-java can dial.
 *
 * @param target what grpc-java's {@code forTarget} is given
 * @param unixSocket whether the target is a Unix domain socket
 */
public record GrpcTarget(String target, boolean unixSocket) {

  /** The port grpc-go's DNS resolver uses when the address has none. */
  public static final int DEFAULT_PORT = 443;

  /** What the configuration accepts, for messages. */
  public static final String EXPECTED = "host:port, host, dns:///host:port or unix:///path/to.sock";

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.%a-zA-Z]+\\]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?");

  public GrpcTarget {
    requireNonNull(target, "target");
  }

  /** Reads an address; null when it is none of the accepted forms. */
  public static @Nullable GrpcTarget parse(String address) {
    String a = requireNonNull(address, "address").strip();
    String lower = a.toLowerCase(Locale.ROOT);
    if (lower.startsWith("unix:")) {
      return unix(a.substring("unix:".length()));
    }
    if (lower.startsWith("dns:///")) {
      return tcp(a.substring("dns:///".length()));
    }
    if (lower.startsWith("passthrough:///")) {
      return tcp(a.substring("passthrough:///".length()));
    }
    return a.contains("://") || a.contains(":/") ? null : tcp(a);
  }

  private static @Nullable GrpcTarget unix(String rest) {
    String path;
    if (rest.startsWith("//")) {
      // unix://host/path is refused by grpc-go too; only an empty authority is allowed.
      if (!rest.startsWith("///")) {
        return null;
      }
      path = rest.substring(2);
    } else {
      path = rest;
    }
    if (path.isEmpty() || path.equals("/")) {
      return null;
    }
    return new GrpcTarget(path.startsWith("/") ? "unix://" + path : "unix:" + path, true);
  }

  private static @Nullable GrpcTarget tcp(String hostPort) {
    Matcher m = HOST_PORT.matcher(hostPort);
    if (!m.matches()) {
      return null;
    }
    int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      return null;
    }
    return new GrpcTarget("dns:///" + m.group(1) + ":" + port, false);
  }
}
