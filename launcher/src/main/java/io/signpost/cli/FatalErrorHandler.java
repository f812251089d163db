package io.signpost.cli;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last-resort default {@link Thread.UncaughtExceptionHandler} of {@code signpost run}: a {@link
 * VirtualMachineError} (an {@link OutOfMemoryError}, an {@link InternalError}) that escapes a
 * thread logs one ERROR line and halts the process with {@link #EXIT_STATUS}, so a supervisor
 * restarts it instead of a router lingering with some of its threads dead and most clients
 * unanswered. Shutdown hooks do not run: after such an error they could hang or fail themselves.
 *
 * <p>A {@link StackOverflowError} is logged and only ends its thread: it leaves the JVM sound. Any
 * other throwable goes to the handler that was installed before, or is printed as the JVM would.
 *
 * <p>Errors caught by an executor or a future never reach this handler; {@code bin/signpost} runs
 * the JVM with {@code -XX:+ExitOnOutOfMemoryError} for those.
 */
final class FatalErrorHandler implements Thread.UncaughtExceptionHandler {

  /** The exit status after a fatal error; {@code -XX:+ExitOnOutOfMemoryError} exits with 3 too. */
  static final int EXIT_STATUS = 3;

  private static final Logger log = LoggerFactory.getLogger("io.signpost.cli");

  private final IntConsumer halt;
  private final Thread.@Nullable UncaughtExceptionHandler previous;

  /**
   * @param halt ends the process with the given status ({@code Runtime.getRuntime()::halt})
   * @param previous the handler for everything that is not fatal; null to print as the JVM does
   */
  FatalErrorHandler(IntConsumer halt, Thread.@Nullable UncaughtExceptionHandler previous) {
    this.halt = requireNonNull(halt, "halt");
    this.previous = previous;
  }

  /** Makes a halting handler the JVM's default, keeping the current default for the rest. */
  static synchronized void install() {
    Thread.UncaughtExceptionHandler current = Thread.getDefaultUncaughtExceptionHandler();
    if (current instanceof FatalErrorHandler) {
      return;
    }
    Thread.setDefaultUncaughtExceptionHandler(
        new FatalErrorHandler(
            status -> {
              LogOutput.flush(); // the ERROR line may still be in the asynchronous appender
              Runtime.getRuntime().halt(status);
            },
            current));
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    if (error instanceof StackOverflowError) {
      log.error("uncaught StackOverflowError in thread \"{}\"; the thread ended", thread.getName());
    } else if (error instanceof VirtualMachineError) {
      try {
        log.error(
            "fatal {} in thread \"{}\": {}; halting with exit status {} (restart the router)",
            error.getClass().getSimpleName(),
            thread.getName(),
            error.getMessage(),
            EXIT_STATUS);
      } catch (Throwable ignored) {
        // out of memory even for the log line: halt all the same
      } finally {
        halt.accept(EXIT_STATUS);
      }
    } else if (previous != null) {
      previous.uncaughtException(thread, error);
    } else {
      // What ThreadGroup.uncaughtException prints; calling it would come back here.
      System.err.print("Exception in thread \"" + thread.getName() + "\" ");
      error.printStackTrace(System.err);
    }
  }
}
