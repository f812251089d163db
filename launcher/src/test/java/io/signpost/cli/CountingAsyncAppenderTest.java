package io.signpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A full queue drops lines without blocking the caller, counts them, and reports the count. */
class CountingAsyncAppenderTest {

  private final LoggerContext context = new LoggerContext();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch firstTaken = new CountDownLatch(1);
  private final List<String> written = new CopyOnWriteArrayList<>();

  /** The sink: takes the first event, then waits for the test before writing anything. */
  private final AppenderBase<ILoggingEvent> stalledSink =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          firstTaken.countDown();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          written.add(event.getLoggerName() + " " + event.getFormattedMessage());
        }
      };

  @AfterEach
  void stop() {
    release.countDown();
    context.stop();
  }

  @Test
  void aFullQueueDropsCountsAndReportsOnceThereIsRoom() throws Exception {
    context.setMDCAdapter(new LogbackMDCAdapter());
    stalledSink.setContext(context);
    stalledSink.start();
    CountingAsyncAppender async = new CountingAsyncAppender();
    async.setContext(context);
    async.setQueueSize(4);
    async.setDiscardingThreshold(0);
    async.setNeverBlock(true);
    async.addAppender(stalledSink);
    async.start();
    Logger log = context.getLogger("io.signpost.server.QuicListener");
    log.addAppender(async);

    log.info("line 0");
    assertThat(firstTaken.await(30, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 10; i++) {
      log.info("line " + i); // the sink is stalled: 4 fit the queue, 6 are dropped at once
    }
    assertThat(async.dropped()).isEqualTo(6);

    release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (async.getNumberOfElementsInQueue() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    log.info("after");
    async.stop(); // writes out the queue

    assertThat(written)
        .containsExactly(
            "io.signpost.server.QuicListener line 0",
            "io.signpost.server.QuicListener line 1",
            "io.signpost.server.QuicListener line 2",
            "io.signpost.server.QuicListener line 3",
            "io.signpost.server.QuicListener line 4",
            CountingAsyncAppender.LOGGER
                + " log queue full: 6 lines dropped (expected: a log sink that keeps up)",
            "io.signpost.server.QuicListener after");
  }
}
