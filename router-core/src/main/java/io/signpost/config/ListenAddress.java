package io.signpost.config;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * A listen address in Go's {@code host:port} form: {@code :5520} (every interface), {@code
 * 127.0.0.1:5520}, {@code localhost:9091}, {@code [::1]:5520}. Port 0 asks for an ephemeral port.
 *
 * @param host host name or IP literal (IPv6 without brackets); empty for every interface
 * @param port 0..65535
 */
public record ListenAddress(String host, int port) {

  public ListenAddress {
    requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  /**
   * Parses {@code host:port}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static ListenAddress parse(String text) {
    requireNonNull(text, "text");
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "missing port (expected: host:port, :port or [ipv6]:port)");
    }
    String host = text.substring(0, colon);
    String portText = text.substring(colon + 1);
    if (host.startsWith("[")) {
      if (!host.endsWith("]") || host.length() < 3) {
        throw new IllegalArgumentException("unbalanced brackets (expected: [ipv6]:port)");
      }
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "too many colons; put IPv6 addresses in brackets (expected: [ipv6]:port)");
    } else if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
      throw new IllegalArgumentException("unbalanced brackets (expected: [ipv6]:port)");
    }
    if (portText.isEmpty()
        || portText.length() > 5
        || !portText.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "port \"" + portText + "\" is not a number (expected: 0..65535)");
    }
    int port = Integer.parseInt(portText);
    if (port > 65535) {
      throw new IllegalArgumentException("port " + port + " (expected: 0..65535)");
    }
    return new ListenAddress(host, port);
  }

  /** Whether the address means every interface. */
  public boolean isWildcard() {
    return host.isEmpty();
  }

  /** A socket address; resolves the host name (may block on DNS). */
  public InetSocketAddress toSocketAddress() {
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  /** The address in config form. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
