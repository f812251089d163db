package io.signpost.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginConfig;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the chain continues after a plugin answers on a thread of its own. */
class PluginChainThreadTest {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "plugin-worker"));
  private final ExecutorService connection =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "connection-thread"));
  private final List<String> calledOn = new CopyOnWriteArrayList<>();
  private final BlockingQueue<CompletableFuture<ConnectResponse>> pending =
      new LinkedBlockingQueue<>();

  @AfterEach
  void stop() {
    timer.shutdownNow();
    worker.shutdownNow();
    connection.shutdownNow();
  }

  /**
   * Answers empty, from the worker thread and only when the test says ({@link #answerOnWorker}),
   * recording the thread it was called on.
   */
  private Plugin onWorker(String name) {
    return new Plugin() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CompletableFuture<ConnectResponse> onConnect(
          ConnectRequest request, Deadline deadline) {
        calledOn.add(name + "@" + Thread.currentThread().getName());
        CompletableFuture<ConnectResponse> answer = new CompletableFuture<>();
        pending.add(answer);
        return answer;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Completes the next pending call on the worker, once {@code caller} (the thread that made the
   * call) has finished the task that made it, so the chain has seen the call still pending.
   */
  private void answerOnWorker(ExecutorService caller) throws Exception {
    CompletableFuture<ConnectResponse> answer = pending.poll(30, TimeUnit.SECONDS);
    assertThat(answer).as("a pending call").isNotNull();
    if (caller != null) {
      caller.submit(() -> {}).get(30, TimeUnit.SECONDS);
    }
    worker.submit(() -> answer.complete(ConnectResponse.EMPTY)).get(30, TimeUnit.SECONDS);
  }

  private PluginChain chain(String... names) {
    List<PluginChain.Link> links =
        java.util.Arrays.stream(names)
            .map(n -> new PluginChain.Link(PluginConfig.of(n, "fake", null), onWorker(n)))
            .toList();
    return new PluginChain(links, timer, 4055);
  }

  @Test
  void afterAnAnswerFromAnotherThreadTheChainContinuesOnTheConnectionThread() throws Exception {
    PluginChain chain = chain("first", "second", "third");
    CompletableFuture<String> resultThread =
        chain
            .run(PluginChainTest.REQUEST, connection)
            .thenApply(result -> Thread.currentThread().getName());
    answerOnWorker(null);
    answerOnWorker(connection);
    answerOnWorker(connection);

    assertThat(resultThread.get(30, TimeUnit.SECONDS)).isEqualTo("connection-thread");
    assertThat(calledOn)
        .containsExactly("first@main", "second@connection-thread", "third@connection-thread");
  }

  @Test
  void aConnectionThreadThatRefusesTasksStillGetsTheChainFinished() throws Exception {
    PluginChain chain = chain("first", "second");
    CompletableFuture<ChainResult> run =
        chain.run(
            PluginChainTest.REQUEST,
            task -> {
              throw new RejectedExecutionException("event loop stopped");
            });
    answerOnWorker(null);
    answerOnWorker(worker);
    ChainResult result = run.get(30, TimeUnit.SECONDS);

    assertThat(result.denied()).isFalse();
    assertThat(result.steps()).hasSize(2);
    assertThat(calledOn).containsExactly("first@main", "second@plugin-worker");
  }
}
