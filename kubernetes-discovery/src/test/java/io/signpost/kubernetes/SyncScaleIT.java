package io.signpost.kubernetes;

import static io.signpost.kubernetes.Objects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider syncs a cluster of many pods into one list, every pod once. The time it took is
 * logged, never asserted: {@code -Dsignpost.scale.pods=5000} measures a larger cluster.
 */
@Timeout(600)
class SyncScaleIT {

  private static final Logger log = LoggerFactory.getLogger(SyncScaleIT.class);

  @TempDir Path dir;
  private final MockCluster cluster = new MockCluster();
  private Providers providers;

  @AfterEach
  void stop() {
    if (providers != null) {
      providers.close();
    }
    cluster.close();
  }

  @Test
  void manyPodsSyncIntoOneList() throws Exception {
    int n = Integer.getInteger("signpost.scale.pods", 500);
    for (int i = 0; i < n; i++) {
      cluster
          .client()
          .pods()
          .inNamespace("default")
          .resource(
              pod("default", "p-" + i, "10.8." + (i / 250) + "." + (i % 250), Map.of("app", "game"))
                  .build())
          .create();
    }

    long started = System.nanoTime();
    providers =
        Providers.kubernetes(
                """
                kubeconfig: "%s"
                namespaces: [default]
                resources:
                  - kind: pods
                    selector: {labels: "app=game"}
                    port: {container_port: 5520}
                filters: {require_pod_ready: true}
                """
                    .formatted(cluster.kubeconfig(dir)))
            .start();
    providers.await(n + " backends", l -> l.size() == n);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(providers.latest().stream().map(b -> b.address()).distinct()).hasSize(n);
    assertThat(providers.published()).isEqualTo(1);
    log.info("synced {} pods into one list in {} ms (client start included)", n, took.toMillis());
  }
}
