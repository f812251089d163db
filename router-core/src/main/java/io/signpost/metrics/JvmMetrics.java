package io.signpost.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM and process meters bound to a registry: memory, GC, threads, class loading, CPU, open
 * file descriptors and uptime. {@link #close()} detaches the GC listeners; call it when the
 * registry is discarded.
 */
public final class JvmMetrics implements AutoCloseable {

  private final JvmGcMetrics gc;

  private JvmMetrics(JvmGcMetrics gc) {
    this.gc = gc;
  }

  /** Binds every JVM and process meter to {@code registry}. */
  public static JvmMetrics bindTo(MeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return new JvmMetrics(gc);
  }

  @Override
  public void close() {
    gc.close();
  }
}
