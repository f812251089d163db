package io.signpost.chain;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The executor a chain continues on: the connection's thread, or, when that refuses a task because
 * its event loop has stopped, the thread at hand, so that a chain always finishes and its result
 * always completes.
 */
public final class ContinueOn {

  private ContinueOn() {}

  public static Executor orInPlace(Executor connectionThread) {
    return task -> {
      try {
        connectionThread.execute(task);
      } catch (RejectedExecutionException stopped) {
        task.run();
      }
    };
  }
}
