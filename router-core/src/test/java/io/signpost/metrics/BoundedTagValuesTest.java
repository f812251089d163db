package io.signpost.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedTagValuesTest {

  @Test
  void admitsTheFirstValuesThenOther() {
    BoundedTagValues values = new BoundedTagValues(2);
    assertThat(values.admit("a")).isEqualTo("a");
    assertThat(values.admit("b")).isEqualTo("b");
    assertThat(values.admit("c")).isEqualTo("other");
    assertThat(values.admit("a")).isEqualTo("a");
  }

  @Test
  void concurrentCallersNeverExceedTheCap() throws Exception {
    BoundedTagValues values = new BoundedTagValues(50);
    Set<String> passed = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done =
          IntStream.range(0, 4)
              .<Future<?>>mapToObj(
                  t ->
                      pool.submit(
                          () -> {
                            start.await();
                            for (int i = 0; i < 1000; i++) {
                              passed.add(values.admit("v" + ((i * 7 + t) % 500)));
                            }
                            return null;
                          }))
              .toList();
      start.countDown();
      for (Future<?> f : done) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(passed).hasSize(51).contains("other");
  }
}
