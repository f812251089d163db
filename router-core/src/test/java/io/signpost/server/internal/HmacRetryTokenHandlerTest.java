package io.signpost.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signpost.server.RetryTokenKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HmacRetryTokenHandlerTest {

  private static final RetryTokenKey KEY = RetryTokenKey.of(new byte[32]);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 4433);
  private static final byte[] ODCID = {1, 2, 3, 4, 5, 6, 7, 8};

  private static Clock at(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static ByteBuf token(HmacRetryTokenHandler handler) {
    ByteBuf out = Unpooled.buffer();
    assertThat(handler.writeToken(out, Unpooled.wrappedBuffer(ODCID), CLIENT)).isTrue();
    assertThat(out.readableBytes()).isLessThanOrEqualTo(handler.maxTokenLength());
    return out;
  }

  @Test
  void validTokenPointsAtTheOriginalConnectionId() {
    HmacRetryTokenHandler handler = new HmacRetryTokenHandler(at(1_000_000), KEY);
    ByteBuf token = token(handler);

    int offset = handler.validateToken(token, CLIENT);

    assertThat(offset).isPositive();
    byte[] odcid = new byte[token.readableBytes() - offset];
    token.getBytes(offset, odcid);
    assertThat(odcid).isEqualTo(ODCID);
  }

  @Test
  void portMayChangeButAddressMayNot() {
    HmacRetryTokenHandler handler = new HmacRetryTokenHandler(at(1_000_000), KEY);
    ByteBuf token = token(handler);

    assertThat(handler.validateToken(token, new InetSocketAddress("192.0.2.7", 9999))).isPositive();
    assertThat(handler.validateToken(token, new InetSocketAddress("192.0.2.8", 4433)))
        .isEqualTo(-1);
  }

  @Test
  void tamperedTokenIsRejected() {
    HmacRetryTokenHandler handler = new HmacRetryTokenHandler(at(1_000_000), KEY);
    ByteBuf token = token(handler);
    int last = token.writerIndex() - 1;
    token.setByte(last, token.getByte(last) ^ 1);

    assertThat(handler.validateToken(token, CLIENT)).isEqualTo(-1);
  }

  @Test
  void tokenFromAnotherKeyIsRejected() {
    ByteBuf token = token(new HmacRetryTokenHandler(at(1_000_000), KEY));
    HmacRetryTokenHandler other = new HmacRetryTokenHandler(at(1_000_000), RetryTokenKey.random());

    assertThat(other.validateToken(token, CLIENT)).isEqualTo(-1);
  }

  @Test
  void handlersWithTheSameKeyAcceptEachOthersTokens() {
    byte[] shared = "a key both replicas read from one secret".getBytes(StandardCharsets.UTF_8);
    HmacRetryTokenHandler first =
        new HmacRetryTokenHandler(at(1_000_000), RetryTokenKey.of(shared));
    HmacRetryTokenHandler second =
        new HmacRetryTokenHandler(at(1_000_500), RetryTokenKey.of(shared.clone()));

    assertThat(second.validateToken(token(first), CLIENT)).isPositive();
    assertThat(first.validateToken(token(second), CLIENT)).isPositive();
  }

  @Test
  void expiredTokenIsRejected() {
    ByteBuf token = token(new HmacRetryTokenHandler(at(1_000_000), KEY));
    long later = 1_000_000 + HmacRetryTokenHandler.LIFETIME.toMillis() + 1;

    assertThat(new HmacRetryTokenHandler(at(later), KEY).validateToken(token, CLIENT))
        .isEqualTo(-1);
  }

  @Test
  void garbageIsRejected() {
    HmacRetryTokenHandler handler = new HmacRetryTokenHandler(at(1_000_000), KEY);
    assertThat(handler.validateToken(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), CLIENT))
        .isEqualTo(-1);
    assertThat(handler.validateToken(Unpooled.wrappedBuffer(new byte[40]), CLIENT)).isEqualTo(-1);
  }
}
