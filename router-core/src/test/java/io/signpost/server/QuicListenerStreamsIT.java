package io.signpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.quic.QuicStreamType;
import io.signpost.server.QuicTestClient.Outcome;
import io.signpost.server.QuicTestClient.Prelude;
import io.signpost.server.QuicTestClient.Request;
import io.signpost.server.QuicTestClient.Result;
import io.signpost.server.internal.ConnectionSession;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams as Hyrouter reads them ({@code internal/server/streams.go}): unidirectional streams are
 * accepted, every stream is read, frames before the Connect are skipped; within bounds on the
 * number of streams and the bytes before the Connect.
 *
 * <p>The connect deadline is generous wherever an answer is expected; the one test that waits for
 * it to fire gets a short one, and the client is warmed up first, so that its handshake takes
 * milliseconds, not the seconds of the first one in a JVM on a busy machine.
 */
class QuicListenerStreamsIT {

  private static final int PING = 2;
  private static QuicTestClient client;
  private QuicListener listener;
  private final RecordingHandler handler = new RecordingHandler();

  /** The connect deadline of the test that waits for it to close the connection. */
  private static final Duration SHORT = Duration.ofSeconds(5);

  @BeforeAll
  static void client() {
    client = new QuicTestClient(1);
    client.warmUp();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @AfterEach
  void stop() {
    if (listener != null) {
      listener.shutdown().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  private InetSocketAddress start(int maxFrameBytes) {
    return start(maxFrameBytes, QuicTestClient.DEFAULT_TIMEOUT);
  }

  private InetSocketAddress start(int maxFrameBytes, Duration connectTimeout) {
    listener =
        new QuicListener(
            ListenerDefaults.builder(new InetSocketAddress("127.0.0.1", 0))
                .maxFrameBytes(maxFrameBytes)
                .connectTimeout(connectTimeout)
                .shutdownGrace(Duration.ofSeconds(1))
                .build(),
            handler);
    return listener.start();
  }

  private static Result run(Request request) {
    return client.exchange(request).orTimeout(60, TimeUnit.SECONDS).join();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] ping(int bytes) {
    return Frames.frame(PING, new byte[bytes]);
  }

  @Test
  void framesBeforeTheConnectAreSkipped() {
    InetSocketAddress address = start(1024);

    Result result =
        run(
            Request.of(
                address, "play.example.com", concat(ping(10), ping(0), Frames.connect("c"))));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(result.received()).isEqualTo(Frames.referral("backend:5520"));
    RecordingHandler.Call call = handler.onlyCall();
    assertThat(call.packetId()).isEqualTo(Frames.CONNECT);
    assertThat(new String(call.payload(), StandardCharsets.UTF_8)).isEqualTo("c");
  }

  @Test
  void unidirectionalStreamsAreAcceptedAndTheConnectIsAnsweredOnItsStream() {
    InetSocketAddress address = start(1024);

    Result result =
        run(
            Request.of(address, "play.example.com", Frames.connect("on the second bidi"))
                .withPrelude(
                    List.of(
                        // a side channel, with a Connect nothing could be answered on
                        new Prelude(
                            QuicStreamType.UNIDIRECTIONAL,
                            concat(ping(3), Frames.connect("uni")),
                            true),
                        // a bidirectional stream with only a Ping, left open
                        new Prelude(QuicStreamType.BIDIRECTIONAL, ping(5), false))));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(result.received()).isEqualTo(Frames.referral("backend:5520"));
    assertThat(new String(handler.onlyCall().payload(), StandardCharsets.UTF_8))
        .isEqualTo("on the second bidi");
  }

  @Test
  void aStreamThatEndsWithoutAConnectLeavesTheConnectionWaitingForOne() {
    InetSocketAddress address = start(1024);

    Result result =
        run(
            Request.of(address, "play.example.com", Frames.connect("late"))
                .withPrelude(List.of(new Prelude(QuicStreamType.BIDIRECTIONAL, ping(1), true))));

    assertThat(result.outcome()).isEqualTo(Outcome.FIN);
    assertThat(handler.calls).hasSize(1);
  }

  @Test
  void bytesBeforeTheConnectAreBounded() {
    int cap = 1024;
    InetSocketAddress address = start(cap);
    List<byte[]> pings = new ArrayList<>();
    // more than PRE_CONNECT_FRAMES full frames, each within the cap
    for (int i = 0; i < 6; i++) {
      pings.add(ping(cap));
    }
    pings.add(Frames.connect("too late"));

    Result result =
        run(Request.of(address, "play.example.com", concat(pings.toArray(byte[][]::new))));

    assertThat(result.outcome()).isNotEqualTo(Outcome.FIN);
    assertThat(result.received()).isEmpty();
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void aSkippedFrameOverTheCapIsRefused() {
    InetSocketAddress address = start(1024);

    Result result =
        run(
            Request.of(
                address, "play.example.com", concat(Frames.header(5000, PING), new byte[64])));

    assertThat(result.outcome()).isNotEqualTo(Outcome.FIN);
    assertThat(handler.calls).isEmpty();
  }

  @Test
  void streamsBeyondTheLimitAreClosedUnread() {
    InetSocketAddress address = start(1024, SHORT);
    List<Prelude> prelude = new ArrayList<>();
    for (int i = 0; i < ConnectionSession.MAX_STREAMS; i++) {
      prelude.add(new Prelude(QuicStreamType.UNIDIRECTIONAL, ping(1), true));
    }

    Result result =
        run(
            Request.of(address, "play.example.com", Frames.connect("ninth"))
                .withPrelude(prelude)
                .withTimeout(SHORT.plusSeconds(3)));

    // The ninth stream is not read: no answer before the connect deadline closes the connection.
    assertThat(result.received()).isEmpty();
    assertThat(handler.calls).isEmpty();
  }
}
