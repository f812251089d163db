package io.signpost.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.signpost.decision.DecisionJson;
import io.signpost.decision.DecisionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the admin endpoints; shared by every admin connection, runs on the admin event loop. */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json";
  private static final String RELOAD = "/admin/reload";
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final PrometheusMeterRegistry registry;
  private final Readiness readiness;

  /**
   * Most bytes of one {@code /debug/decisions} answer: traces beyond it are counted in {@code
   * omitted}, so a log of large traces cannot make the router build an answer of gigabytes.
   */
  static final int DECISIONS_MAX_BYTES = 16 << 20;

  private final DecisionLog decisions;
  private final AdminActions actions;

  AdminHandler(
      PrometheusMeterRegistry registry,
      Readiness readiness,
      DecisionLog decisions,
      AdminActions actions) {
    this.registry = registry;
    this.readiness = readiness;
    this.decisions = decisions;
    this.actions = actions;
  }

  /**
   * Requests a client sent at once on one connection that wait for the answer before them; beyond
   * this many the connection is closed.
   */
  static final int MAX_PIPELINED = 64;

  private static final AttributeKey<Pipeline> PIPELINE =
      AttributeKey.valueOf("signpost.admin.pipeline");

  /** One connection's requests: whether one is being answered, and those waiting behind it. */
  private static final class Pipeline {
    final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    boolean answering;
  }

  private static Pipeline pipeline(ChannelHandlerContext ctx) {
    Pipeline pipeline = ctx.channel().attr(PIPELINE).get();
    if (pipeline == null) {
      pipeline = new Pipeline();
      ctx.channel().attr(PIPELINE).set(pipeline);
    }
    return pipeline;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    Pipeline pipeline = pipeline(ctx);
    if (pipeline.answering) {
      if (pipeline.waiting.size() >= MAX_PIPELINED) {
        log.debug(
            "admin connection {}: more than {} requests sent ahead of their answers; closed",
            ctx.channel().remoteAddress(),
            MAX_PIPELINED);
        ctx.close();
        return;
      }
      pipeline.waiting.add(request.retain());
      return;
    }
    pipeline.answering = true;
    handle(ctx, request);
  }

  /** Answers the next waiting request, or reads from the connection when none waits. */
  private void next(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return; // closed after the last answer (Connection: close): what was sent after it is not run
    }
    Pipeline pipeline = pipeline(ctx);
    FullHttpRequest request = pipeline.waiting.poll();
    if (request == null) {
      pipeline.answering = false;
      ctx.read();
      return;
    }
    try {
      handle(ctx, request);
    } catch (RuntimeException e) {
      log.warn("admin connection {}: {}", ctx.channel().remoteAddress(), e.toString());
      ctx.close();
    } finally {
      request.release();
    }
  }

  /**
   * A read that brought this handler nothing (the aggregator answered 413 or 417 itself, or only
   * part of a request arrived) asks for the next one, unless an answer is under way: that asks when
   * it is written.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Pipeline pipeline = ctx.channel().attr(PIPELINE).get();
    if (pipeline == null || !pipeline.answering) {
      ctx.read();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    Pipeline pipeline = ctx.channel().attr(PIPELINE).getAndSet(null);
    if (pipeline != null) {
      pipeline.waiting.forEach(FullHttpRequest::release);
      pipeline.waiting.clear();
    }
    super.channelInactive(ctx);
  }

  /** Answers one request; every path ends in exactly one {@link #respond}. */
  private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      FullHttpResponse response =
          text(
              badRequestStatus(decoded.cause()),
              "bad request: " + decoded.cause().getMessage() + "\n");
      HttpUtil.setKeepAlive(response, false);
      respond(ctx, response);
      return;
    }
    if (RELOAD.equals(new QueryStringDecoder(request.uri()).path())) {
      reload(ctx, request);
      return;
    }
    FullHttpResponse response;
    try {
      response = answer(request);
    } catch (RuntimeException e) {
      log.warn("admin {} {} failed: {}", request.method(), request.uri(), e.toString());
      response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n");
    }
    HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
    respond(ctx, response);
  }

  private FullHttpResponse answer(FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    if (!List.of("/metrics", "/healthz", "/readyz", "/debug/decisions", "/debug/config")
        .contains(path)) {
      return text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n");
    }
    if (!HttpMethod.GET.equals(request.method())) {
      FullHttpResponse response =
          text(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              "method not allowed: " + request.method() + " (expected: GET)\n");
      response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
      return response;
    }
    return switch (path) {
      case "/metrics" -> metrics();
      case "/healthz" -> text(HttpResponseStatus.OK, "ok\n");
      case "/readyz" -> ready();
      case "/debug/config" -> json(HttpResponseStatus.OK, actions.config());
      default -> decisions(uri);
    };
  }

  /**
   * {@code POST /admin/reload}: only from a loopback address, since it changes what the router
   * does; the reply, written when the reload is over, says what it did (200) or why the running
   * configuration stays (409 refused, 500 failed).
   */
  private void reload(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!HttpMethod.POST.equals(request.method())) {
      FullHttpResponse response =
          text(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              "method not allowed: " + request.method() + " (expected: POST)\n");
      response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.name());
      send(ctx, response, keepAlive);
      return;
    }
    if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress peer)
        || !peer.getAddress().isLoopbackAddress()) {
      send(
          ctx,
          text(
              HttpResponseStatus.FORBIDDEN,
              "reload is accepted from loopback addresses only (kubectl exec, a sidecar); elsewhere"
                  + " send SIGHUP or change the configuration file\n"),
          keepAlive);
      return;
    }
    actions
        .reload()
        .whenComplete(
            (reply, error) -> {
              FullHttpResponse response;
              if (error != null || reply == null) {
                log.warn("admin reload failed: {}", String.valueOf(error));
                response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "reload failed\n");
              } else {
                response = json(HttpResponseStatus.valueOf(reply.status()), reply.body());
              }
              send(ctx, response, keepAlive);
            });
  }

  private void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    HttpUtil.setKeepAlive(response, keepAlive);
    respond(ctx, response);
  }

  /**
   * Writes the answer and only then turns to the connection's next request. Connections do not read
   * by themselves ({@link AdminServer} turns auto-read off), so a client that sends request after
   * request without reading the answers makes the router hold one answer at a time.
   */
  private void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
    ctx.writeAndFlush(response)
        .addListener(
            written -> {
              if (written.isSuccess()) {
                next(ctx);
              } else {
                ctx.close();
              }
            });
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    ctx.read(); // the first request
    super.channelActive(ctx);
  }

  private FullHttpResponse metrics() {
    ByteBuf body = Unpooled.buffer(16 * 1024);
    try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
      registry.scrape(out, PROMETHEUS_TEXT);
    } catch (IOException e) {
      body.release();
      throw new UncheckedIOException(e);
    }
    return response(HttpResponseStatus.OK, PROMETHEUS_TEXT, body);
  }

  private FullHttpResponse ready() {
    ObjectNode body = MAPPER.createObjectNode();
    ReadinessReport report;
    try {
      report = ReadinessReport.of(readiness);
    } catch (RuntimeException e) {
      log.warn("readiness check failed: {}", e.toString());
      body.put("status", "not_ready");
      body.putArray("not_ready").add("readiness check failed: " + e);
      return json(HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }
    body.put("status", report.ready() ? "ready" : "not_ready");
    body.put("listening", report.listening());
    ArrayNode notReady = body.putArray("not_ready");
    report.notReady().forEach(notReady::add);
    ArrayNode degraded = body.putArray("degraded");
    report.degraded().forEach(degraded::add);
    ArrayNode reasons = body.putArray("reasons");
    report.reasons().forEach(reasons::add);
    ArrayNode plugins = body.putArray("plugins");
    for (Readiness.PluginStatus plugin : report.plugins()) {
      plugins
          .addObject()
          .put("name", plugin.name())
          .put("ready", plugin.ready())
          .put("on_error", plugin.onError().configName())
          .put("reason", plugin.reason());
    }
    ArrayNode discovery = body.putArray("discovery");
    for (Readiness.ProviderStatus provider : report.discovery()) {
      discovery
          .addObject()
          .put("name", provider.name())
          .put("type", provider.type())
          .put("synced", provider.synced())
          .put("stale", provider.stale())
          .put("reason", provider.reason());
    }
    return json(
        report.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
  }

  private FullHttpResponse decisions(QueryStringDecoder uri) {
    int limit = decisions.capacity();
    List<String> given = uri.parameters().get("limit");
    if (given != null && !given.isEmpty()) {
      String value = given.get(0);
      try {
        limit = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 0) {
        return text(
            HttpResponseStatus.BAD_REQUEST,
            "limit: \"" + value + "\" (expected: an integer >= 0)\n");
      }
    }
    byte[] body = DecisionJson.write(decisions.recent(limit), DECISIONS_MAX_BYTES);
    return response(HttpResponseStatus.OK, JSON, Unpooled.wrappedBuffer(body));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("admin connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  private static HttpResponseStatus badRequestStatus(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return HttpResponseStatus.REQUEST_URI_TOO_LONG;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    return HttpResponseStatus.BAD_REQUEST;
  }

  private static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
    try {
      return response(status, JSON, Unpooled.wrappedBuffer(MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    return response(
        status, PLAIN_TEXT, Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static FullHttpResponse response(
      HttpResponseStatus status, String contentType, ByteBuf body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return response;
  }
}
