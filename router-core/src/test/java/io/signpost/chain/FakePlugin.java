package io.signpost.chain;

import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** An in-memory plugin whose behaviour is a function of the request. */
public final class FakePlugin implements Plugin {
  final String name;
  final Function<ConnectRequest, CompletableFuture<ConnectResponse>> behaviour;
  final List<ConnectRequest> seen = new CopyOnWriteArrayList<>();
  volatile boolean closed;

  public FakePlugin(
      String name, Function<ConnectRequest, CompletableFuture<ConnectResponse>> behaviour) {
    this.name = name;
    this.behaviour = behaviour;
  }

  public static FakePlugin answering(String name, ConnectResponse response) {
    return new FakePlugin(name, r -> CompletableFuture.completedFuture(response));
  }

  public static FakePlugin failing(String name, RuntimeException error) {
    return new FakePlugin(name, r -> CompletableFuture.failedFuture(error));
  }

  public static FakePlugin hanging(String name) {
    return new FakePlugin(name, r -> new CompletableFuture<>());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletableFuture<ConnectResponse> onConnect(ConnectRequest request, Deadline deadline) {
    seen.add(request);
    return behaviour.apply(request);
  }

  @Override
  public void close() {
    closed = true;
  }
}
