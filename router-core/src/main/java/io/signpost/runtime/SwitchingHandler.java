package io.signpost.runtime;

import static java.util.Objects.requireNonNull;

import io.signpost.connect.ConnectPipeline;
import io.signpost.server.Answer;
import io.signpost.server.ClientHello;
import io.signpost.server.ConnectionHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The listener's handler across reloads: each connection is decided by the pipeline in service when
 * its Connect arrives, and keeps that pipeline (its routing, chain, messages and signing) to the
 * end, so an answer comes from one configuration, never a mix.
 */
final class SwitchingHandler implements ConnectionHandler {

  private volatile ConnectPipeline current;

  SwitchingHandler(ConnectPipeline first) {
    this.current = requireNonNull(first, "first");
  }

  /** Puts {@code next} in service for connections whose Connect arrives from now on. */
  void swap(ConnectPipeline next) {
    current = requireNonNull(next, "next");
  }

  @Override
  public CompletableFuture<Answer> onFirstFrame(ClientHello hello, int packetId, byte[] payload) {
    return current.onFirstFrame(hello, packetId, payload);
  }

  @Override
  public CompletableFuture<Answer> onFirstFrame(
      ClientHello hello, int packetId, byte[] payload, Executor connectionThread) {
    return current.onFirstFrame(hello, packetId, payload, connectionThread);
  }

  @Override
  public Answer onFailure(ClientHello hello, Throwable cause) {
    return current.onFailure(hello, cause);
  }
}
