package io.signpost.server;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake {@link ConnectionHandler} that records what it sees and answers as told. */
class RecordingHandler implements ConnectionHandler {

  /** One call of onFirstFrame. */
  record Call(ClientHello hello, int packetId, byte[] payload) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  final List<Throwable> failures = new CopyOnWriteArrayList<>();

  @Override
  public CompletableFuture<Answer> onFirstFrame(ClientHello hello, int packetId, byte[] payload) {
    calls.add(new Call(hello, packetId, payload));
    return decide(hello, packetId, payload);
  }

  /** Default: refer to a fixed backend. */
  CompletableFuture<Answer> decide(ClientHello hello, int packetId, byte[] payload) {
    return CompletableFuture.completedFuture(
        new Answer(Frames.referral("backend:5520"), "referral backend=backend:5520"));
  }

  @Override
  public Answer onFailure(ClientHello hello, Throwable cause) {
    failures.add(cause);
    return new Answer(
        Frames.disconnect(cause.getClass().getSimpleName()),
        "deny reason=" + cause.getClass().getSimpleName());
  }

  Call onlyCall() {
    if (calls.size() != 1) {
      throw new AssertionError("expected exactly one call, got " + calls.size());
    }
    return calls.get(0);
  }
}
