package io.signpost.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DecisionLogTest {

  private static DecisionTrace trace(String sni) {
    return Traces.referral(sni, "default", "a:1");
  }

  private static List<String> snis(List<DecisionTrace> traces) {
    return traces.stream().map(DecisionTrace::sni).toList();
  }

  @Test
  void keepsTheLastCapacityTracesNewestFirst() {
    DecisionLog log = new DecisionLog(3);
    for (int i = 1; i <= 5; i++) {
      log.add(trace("s" + i));
    }

    assertThat(snis(log.recent(10))).containsExactly("s5", "s4", "s3");
    assertThat(snis(log.recent(2))).containsExactly("s5", "s4");
    assertThat(log.recent(0)).isEmpty();
    assertThat(log.added()).isEqualTo(5);
    assertThat(log.capacity()).isEqualTo(3);
  }

  @Test
  void partlyFilledLogReturnsWhatItHas() {
    DecisionLog log = new DecisionLog(100);
    log.add(trace("s1"));
    log.add(trace("s2"));

    assertThat(snis(log.recent(100))).containsExactly("s2", "s1");
  }

  @Test
  void zeroCapacityKeepsNothing() {
    DecisionLog log = new DecisionLog(0);
    log.add(trace("s1"));

    assertThat(log.recent(5)).isEmpty();
    assertThat(log.added()).isEqualTo(1);
  }

  @Test
  void rejectsBadSizes() {
    assertThatThrownBy(() -> new DecisionLog(-1)).hasMessage("capacity: -1 (expected: 0..100000)");
    assertThatThrownBy(() -> new DecisionLog(100_001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DecisionLog(1).recent(-1))
        .hasMessage("limit: -1 (expected: >= 0)");
  }

  @Test
  void concurrentWritersAndReadersSeeOrderedUniqueTraces() throws Exception {
    int writers = 4;
    int perWriter = 10_000;
    DecisionLog log = new DecisionLog(64);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch read = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perWriter; i++) {
                    log.add(trace(writer + ":" + i));
                  }
                  return null;
                }));
      }
      Future<Integer> reader =
          pool.submit(
              () -> {
                start.await();
                int reads = 0;
                while (writing.get()) {
                  assertNewestFirstPerWriter(log.recent(64));
                  reads++;
                  read.countDown();
                }
                return reads;
              });
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      // The reader may not have been given a CPU yet when the writers are done: it is stopped
      // only once it has read.
      assertThat(read.await(30, TimeUnit.SECONDS)).as("the reader read").isTrue();
      writing.set(false);
      assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
    } finally {
      pool.shutdownNow();
    }

    List<DecisionTrace> last = log.recent(64);
    assertThat(last).hasSize(64);
    assertNewestFirstPerWriter(last);
    assertThat(log.added()).isEqualTo((long) writers * perWriter);
  }

  /** Each writer's own traces appear newest first, and no trace appears twice. */
  private static void assertNewestFirstPerWriter(List<DecisionTrace> traces) {
    Set<String> seen = new HashSet<>();
    int[] lastIndex = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    for (DecisionTrace t : traces) {
      assertThat(seen.add(t.sni())).as("duplicate %s", t.sni()).isTrue();
      String[] parts = t.sni().split(":");
      int writer = Integer.parseInt(parts[0]);
      int index = Integer.parseInt(parts[1]);
      assertThat(index).isLessThan(lastIndex[writer]);
      lastIndex[writer] = index;
    }
  }
}
