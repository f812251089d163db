package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FatalErrorHandlerTest {

  private final List<Integer> halts = new CopyOnWriteArrayList<>();
  private final List<Throwable> passedOn = new CopyOnWriteArrayList<>();
  private final FatalErrorHandler handler =
      new FatalErrorHandler(halts::add, (thread, error) -> passedOn.add(error));
  private final Logger cli = (Logger) LoggerFactory.getLogger("io.signpost.cli");
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void captureTheLog() {
    log.setContext(cli.getLoggerContext());
    log.start();
    cli.addAppender(log);
  }

  @AfterEach
  void stopCapturing() {
    cli.detachAppender(log);
  }

  @Test
  void outOfMemoryInAnyThreadLogsOneErrorLineAndHalts() throws InterruptedException {
    Thread worker =
        new Thread(
            () -> {
              throw new OutOfMemoryError("Java heap space");
            },
            "wasm-worker-3");
    worker.setUncaughtExceptionHandler(handler);

    worker.start();
    worker.join();

    assertThat(halts).containsExactly(FatalErrorHandler.EXIT_STATUS);
    assertThat(log.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.ERROR);
              assertThat(e.getFormattedMessage())
                  .isEqualTo(
                      "fatal OutOfMemoryError in thread \"wasm-worker-3\": Java heap space; halting with"
                          + " exit status 3 (restart the router)");
            });
    assertThat(passedOn).isEmpty();
  }

  @Test
  void everyVirtualMachineErrorButStackOverflowHalts() {
    handler.uncaughtException(Thread.currentThread(), new InternalError("broken"));
    handler.uncaughtException(Thread.currentThread(), new StackOverflowError());

    assertThat(halts).containsExactly(FatalErrorHandler.EXIT_STATUS);
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .last()
        .asString()
        .startsWith("uncaught StackOverflowError in thread");
  }

  @Test
  void otherThrowablesGoToThePreviousHandler() {
    IllegalStateException bug = new IllegalStateException("bug");

    handler.uncaughtException(Thread.currentThread(), bug);

    assertThat(halts).isEmpty();
    assertThat(passedOn).containsExactly(bug);
    assertThat(log.list).isEmpty();
  }

  @Test
  void installKeepsTheCurrentDefaultAndIsIdempotent() {
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    try {
      Thread.setDefaultUncaughtExceptionHandler((thread, error) -> passedOn.add(error));

      FatalErrorHandler.install();
      Thread.UncaughtExceptionHandler installed = Thread.getDefaultUncaughtExceptionHandler();
      FatalErrorHandler.install();
      RuntimeException bug = new RuntimeException("bug");
      installed.uncaughtException(Thread.currentThread(), bug);

      assertThat(installed).isInstanceOf(FatalErrorHandler.class);
      assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(installed);
      assertThat(passedOn).containsExactly(bug);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }
}
