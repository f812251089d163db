package io.signpost.grpc;

import static io.signpost.grpc.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.SelfSignedCertificate;
import io.signpost.grpc.testing.FakePluginServer;
import io.signpost.grpc.testing.Requests;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginJson;
import io.signpost.plugin.PluginTransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves what a Go plugin server built like Hyrouter's needs: every request arrives with {@code
 * content-type: application/grpc+json}, over plaintext, TLS and mutual TLS. If a gRPC upgrade
 * changes the class the rewrite relies on, this test fails.
 */
class ContentTypeHeaderIT {

  private static final byte[] ANSWER =
      "{\"deny\":true,\"deny_reason\":\"seen\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void plaintextCallsSendTheJsonSubtype() throws Exception {
    try (FakePluginServer server = FakePluginServer.start(body -> ANSWER);
        GrpcPlugin plugin =
            GrpcPluginFactory.create(
                "ct", GrpcOptions.forAddress(server.address()), Requests.context())) {
      for (int i = 0; i < 3; i++) {
        ConnectResponse response = call(plugin);
        assertThat(response.deny()).isTrue();
        assertThat(response.denyReason()).isEqualTo("seen");
      }
      assertThat(server.contentTypes()).hasSize(3).allMatch("application/grpc+json"::equals);
    }
  }

  @Test
  void requestBodyIsThePluginJson() throws Exception {
    byte[][] received = new byte[1][];
    try (FakePluginServer server =
            FakePluginServer.start(
                body -> {
                  received[0] = body;
                  return "{}".getBytes(StandardCharsets.UTF_8);
                });
        GrpcPlugin plugin =
            GrpcPluginFactory.create(
                "ct", GrpcOptions.forAddress(server.address()), Requests.context())) {
      assertThat(call(plugin)).isEqualTo(ConnectResponse.EMPTY);
      assertThat(received[0])
          .isEqualTo(PluginJson.encodeRequest(request("play.example.com", "alice")));
    }
  }

  @Test
  void tlsAndMutualTlsCallsSendTheJsonSubtype() throws Exception {
    SelfSignedCertificate serverCert = new SelfSignedCertificate("localhost");
    SelfSignedCertificate clientCert = new SelfSignedCertificate("plugin-client");
    SslContext ssl =
        GrpcSslContexts.forServer(serverCert.certificate(), serverCert.privateKey())
            .trustManager(clientCert.certificate())
            .clientAuth(ClientAuth.REQUIRE)
            .build();
    GrpcOptions.Tls tls =
        new GrpcOptions.Tls(
            serverCert.certificate().toPath(),
            clientCert.certificate().toPath(),
            clientCert.privateKey().toPath(),
            "localhost");
    try (FakePluginServer server = FakePluginServer.start(body -> ANSWER, ssl)) {
      GrpcOptions options =
          new GrpcOptions(
              server.address(),
              GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES,
              tls,
              GrpcOptions.Breaker.DEFAULT);
      try (GrpcPlugin plugin = GrpcPluginFactory.create("tls", options, Requests.context())) {
        assertThat(call(plugin).deny()).isTrue();
      }
      assertThat(server.contentTypes()).containsExactly("application/grpc+json");
    } finally {
      serverCert.delete();
      clientCert.delete();
    }
  }

  @Test
  void untrustedServerCertificateIsATransportFailure() throws Exception {
    SelfSignedCertificate serverCert = new SelfSignedCertificate("localhost");
    SelfSignedCertificate otherCa = new SelfSignedCertificate("someone-else");
    SslContext ssl =
        GrpcSslContexts.forServer(serverCert.certificate(), serverCert.privateKey()).build();
    GrpcOptions.Tls tls =
        new GrpcOptions.Tls(otherCa.certificate().toPath(), null, null, "localhost");
    try (FakePluginServer server = FakePluginServer.start(body -> ANSWER, ssl);
        GrpcPlugin plugin =
            GrpcPluginFactory.create(
                "tls",
                new GrpcOptions(
                    server.address(),
                    GrpcOptions.DEFAULT_MAX_RESPONSE_BYTES,
                    tls,
                    GrpcOptions.Breaker.DEFAULT),
                Requests.context())) {
      assertThatThrownBy(() -> call(plugin))
          .hasCauseInstanceOf(PluginTransportException.class)
          .hasMessageContaining("UNAVAILABLE");
      assertThat(server.contentTypes()).isEmpty();
    } finally {
      serverCert.delete();
      otherCa.delete();
    }
  }

  private static ConnectResponse call(GrpcPlugin plugin) throws Exception {
    return plugin
        .onConnect(request("play.example.com", "alice"), Deadline.after(Duration.ofSeconds(20)))
        .get(30, TimeUnit.SECONDS);
  }
}
