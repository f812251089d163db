package io.signpost.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.EncodedRequest;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The request's JSON is encoded once per routing state: plugins that change nothing pass the same
 * {@link EncodedRequest} on, and a change gives the next plugin a new one with the new state.
 */
class PluginChainEncodingTest {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor();

  @AfterAll
  static void stopTimer() {
    TIMER.shutdownNow();
  }

  /** A plugin that reads the JSON, as Wasm and gRPC plugins do, and records what it was given. */
  static final class JsonReader implements Plugin {
    final String name;
    final ConnectResponse answer;
    final List<EncodedRequest> seen = new CopyOnWriteArrayList<>();

    JsonReader(String name, ConnectResponse answer) {
      this.name = name;
      this.answer = answer;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public CompletableFuture<ConnectResponse> onConnect(ConnectRequest request, Deadline deadline) {
      throw new AssertionError("the chain calls the encoded variant");
    }

    @Override
    public CompletableFuture<ConnectResponse> onConnect(EncodedRequest request, Deadline deadline) {
      seen.add(request);
      request.json();
      return CompletableFuture.completedFuture(answer);
    }

    @Override
    public void close() {}
  }

  @Test
  void pluginsThatChangeNothingShareOneEncodingAndAChangeMakesANewOne() throws Exception {
    JsonReader first = new JsonReader("first", ConnectResponse.EMPTY);
    JsonReader second = new JsonReader("second", PluginChainTest.json("{\"selected_index\":1}"));
    JsonReader third = new JsonReader("third", ConnectResponse.EMPTY);
    JsonReader fourth = new JsonReader("fourth", ConnectResponse.EMPTY);
    PluginChain chain =
        new PluginChain(
            List.of(
                new PluginChain.Link(PluginChainTest.config("first"), first),
                new PluginChain.Link(PluginChainTest.config("second"), second),
                new PluginChain.Link(PluginChainTest.config("third"), third),
                new PluginChain.Link(PluginChainTest.config("fourth"), fourth)),
            TIMER,
            4055);

    ChainResult result = chain.run(PluginChainTest.REQUEST).get(30, TimeUnit.SECONDS);

    assertThat(result.selectedIndex()).isEqualTo(1);
    EncodedRequest before = first.seen.get(0);
    EncodedRequest after = third.seen.get(0);
    assertThat(second.seen.get(0)).as("no change, same encoding").isSameAs(before);
    assertThat(after).as("a re-pick, a new encoding").isNotSameAs(before);
    assertThat(fourth.seen.get(0)).as("no change since").isSameAs(after);
    assertThat(before.request()).isSameAs(PluginChainTest.REQUEST);
    assertThat(PluginJson.decodeRequest(after.json()).selectedIndex()).isEqualTo(1);
    assertThat(PluginJson.decodeRequest(after.json()).backend())
        .isEqualTo(PluginChainTest.REQUEST.candidates().get(1));
  }

  @Test
  void theJsonIsEncodedOnFirstUseAndEqualsTheRecordsEncoding() {
    EncodedRequest request = EncodedRequest.of(PluginChainTest.REQUEST);
    assertThat(request.isEncoded()).isFalse();
    byte[] json = request.json();
    assertThat(request.isEncoded()).isTrue();
    assertThat(request.json()).isSameAs(json);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            new String(PluginJson.encodeRequest(PluginChainTest.REQUEST), StandardCharsets.UTF_8));
  }

  @Test
  void aPluginThatWorksOnTheRecordGetsTheChainsRequest() throws Exception {
    FakePlugin plain = FakePlugin.answering("plain", ConnectResponse.EMPTY);
    PluginChain chain =
        new PluginChain(
            List.of(new PluginChain.Link(PluginChainTest.config("plain"), plain)), TIMER, 4055);
    chain.run(PluginChainTest.REQUEST).get(30, TimeUnit.SECONDS);
    assertThat(plain.seen).containsExactly(PluginChainTest.REQUEST);
  }
}
