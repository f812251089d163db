package io.signpost.wasm.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plugin's own threads: daemon threads with a large stack (compiled Wasm recurses on the Java
 * stack), named {@code signpost-wasm-<plugin>-<role>-<n>}.
 *
 * @param executor the pool of threads
 */
record WorkerThreads(ThreadPoolExecutor executor) {
  static final long STACK_BYTES = 8L << 20;

  /** Threads that run calls: {@code size} at most, {@code queued} waiting calls at most. */
  static WorkerThreads workers(String pluginName, int size, int queued) {
    BlockingQueue<Runnable> queue =
        queued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued);
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            size, size, 60, TimeUnit.SECONDS, queue, threads(pluginName, "call"));
    executor.allowCoreThreadTimeOut(true);
    return new WorkerThreads(executor);
  }

  /** One thread that creates instances in the background. */
  static WorkerThreads builder(String pluginName) {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads(pluginName, "init"));
    executor.allowCoreThreadTimeOut(true);
    return new WorkerThreads(executor);
  }

  private static ThreadFactory threads(String pluginName, String role) {
    AtomicInteger count = new AtomicInteger();
    String prefix = "signpost-wasm-" + pluginName + "-" + role + "-";
    return task -> {
      Thread thread = new Thread(null, task, prefix + count.incrementAndGet(), STACK_BYTES);
      thread.setDaemon(true);
      return thread;
    };
  }
}
