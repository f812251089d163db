package io.signpost.runtime;

import io.signpost.annotation.Nullable;
import io.signpost.config.ConfigFormat;
import io.signpost.config.ConfigLoader;
import io.signpost.config.LoadedConfig;
import io.signpost.discovery.DiscoveryProviderFactory;
import io.signpost.plugin.PluginFactory;
import io.signpost.protocol.ClientReferralPacket;
import io.signpost.protocol.ConnectEncoder;
import io.signpost.protocol.ConnectLayout;
import io.signpost.protocol.ConnectPacket;
import io.signpost.protocol.DisconnectPacket;
import io.signpost.protocol.FrameHeader;
import io.signpost.protocol.Frames;
import io.signpost.protocol.PacketId;
import io.signpost.protocol.ProtocolException;
import io.signpost.server.QuicTestClient;
import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SignpostRuntime} started from YAML text, with a QUIC test client and an HTTP client for
 * its admin endpoint. Closing it shuts the router down.
 */
public final class RunningRouter implements AutoCloseable {

  /** Protocol hash of the Connect packets tests send (64 hex characters). */
  public static final String PROTOCOL_HASH = "0123456789abcdef".repeat(4);

  public final SignpostRuntime runtime;
  public final QuicTestClient client;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  private RunningRouter(SignpostRuntime runtime, int clientThreads) {
    this.runtime = runtime;
    this.client = new QuicTestClient(clientThreads);
  }

  /** A test client and admin client around a router started elsewhere. */
  public static RunningRouter around(SignpostRuntime runtime) {
    return new RunningRouter(runtime, 1);
  }

  /** Parses {@code yaml} (warnings are ignored) and starts a router from it. */
  public static RunningRouter start(String yaml, Map<String, ? extends PluginFactory<?>> factories)
      throws Exception {
    return start(yaml, factories, 1);
  }

  public static RunningRouter start(
      String yaml, Map<String, ? extends PluginFactory<?>> factories, int clientThreads)
      throws Exception {
    return start(yaml, factories, ConfigLoader.installedDiscoveryFactories(), clientThreads);
  }

  /** Parses {@code yaml} and starts a router with the given discovery provider factories. */
  public static RunningRouter start(
      String yaml,
      Map<String, ? extends PluginFactory<?>> factories,
      Map<String, DiscoveryProviderFactory> discoveryFactories)
      throws Exception {
    return start(yaml, factories, discoveryFactories, 1);
  }

  public static RunningRouter start(
      String yaml,
      Map<String, ? extends PluginFactory<?>> factories,
      Map<String, DiscoveryProviderFactory> discoveryFactories,
      int clientThreads)
      throws Exception {
    LoadedConfig loaded =
        ConfigLoader.parse(yaml, ConfigFormat.YAML, factories, discoveryFactories);
    return new RunningRouter(
        SignpostRuntime.start(loaded.config(), discoveryFactories), clientThreads);
  }

  public InetSocketAddress address() {
    return runtime.address();
  }

  /** A request to this router with the default ALPN and the generous default timeout. */
  public Request request(String sni, byte[] firstFrame) {
    return Request.of(address(), sni, firstFrame);
  }

  public CompletableFuture<Answer> exchange(Request request) {
    return client.exchange(request).thenApply(Answer::of);
  }

  /** Runs one exchange and waits for it (bounded by the request's timeout). */
  public Answer send(Request request) throws Exception {
    return exchange(request).get(request.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
  }

  public Answer send(String sni, byte[] firstFrame) throws Exception {
    return send(request(sni, firstFrame));
  }

  /** POST with an empty body to {@code path} on the admin endpoint. */
  public HttpResponse<String> adminPost(String path) throws IOException, InterruptedException {
    InetSocketAddress admin = runtime.adminAddress().orElseThrow();
    URI uri = URI.create("http://127.0.0.1:" + admin.getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GET {@code path} on the admin endpoint. */
  public HttpResponse<String> admin(String path) throws IOException, InterruptedException {
    InetSocketAddress admin = runtime.adminAddress().orElseThrow();
    URI uri = URI.create("http://127.0.0.1:" + admin.getPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      runtime.close();
    } finally {
      client.close();
    }
  }

  /** A framed, layout A Connect packet. */
  public static byte[] connect(@Nullable String username, @Nullable String language) {
    ConnectPacket packet =
        new ConnectPacket(
            ConnectLayout.A,
            PROTOCOL_HASH,
            0,
            UUID.nameUUIDFromBytes(String.valueOf(username).getBytes(StandardCharsets.UTF_8))
                .toString(),
            username,
            language,
            false,
            null,
            null);
    try {
      return Frames.encode(PacketId.CONNECT, ConnectEncoder.encode(packet, null));
    } catch (ProtocolException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * What the client got, decoded from the bytes it received.
   *
   * @param referral the ClientReferral, when the answer was one
   * @param disconnect the Disconnect, when the answer was one
   */
  public record Answer(
      Result result,
      @Nullable ClientReferralPacket referral,
      @Nullable DisconnectPacket disconnect) {

    public static Answer of(Result result) {
      byte[] bytes = result.received();
      if (result.outcome() != Outcome.FIN || bytes.length < FrameHeader.SIZE) {
        return new Answer(result, null, null);
      }
      try {
        FrameHeader header = FrameHeader.parse(bytes);
        if (header.payloadLength() != bytes.length - FrameHeader.SIZE) {
          throw new AssertionError(
              "frame declares "
                  + header.payloadLength()
                  + " bytes, got "
                  + (bytes.length - FrameHeader.SIZE));
        }
        byte[] payload = Arrays.copyOfRange(bytes, FrameHeader.SIZE, bytes.length);
        return switch (header.packetId()) {
          case PacketId.CLIENT_REFERRAL ->
              new Answer(result, ClientReferralPacket.decode(payload), null);
          case PacketId.DISCONNECT -> new Answer(result, null, DisconnectPacket.decode(payload));
          default -> throw new AssertionError("unexpected packet id " + header.packetId());
        };
      } catch (ProtocolException e) {
        throw new AssertionError("answer does not decode: " + e.getMessage(), e);
      }
    }

    public boolean isReferral() {
      return referral != null;
    }

    public boolean isDisconnect() {
      return disconnect != null;
    }

    /** The Disconnect reason; fails when the answer is not a Disconnect. */
    public String reason() {
      if (disconnect == null) {
        throw new AssertionError("expected a Disconnect, got " + this);
      }
      return disconnect.reason();
    }

    /** The referral; fails when the answer is not one. */
    public ClientReferralPacket referralPacket() {
      if (referral == null) {
        throw new AssertionError("expected a ClientReferral, got " + this);
      }
      return referral;
    }

    @Override
    public String toString() {
      return "Answer[outcome="
          + result.outcome()
          + ", referral="
          + referral
          + ", disconnect="
          + disconnect
          + ", error="
          + result.error()
          + ", close="
          + result.closeEvent()
          + "]";
    }
  }
}
