package io.signpost.wasm.internal;

import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginJson;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call latency of one instance, excluding JSON encoding and decoding: write the request, {@code
 * on_connect}, bounds checks, read the response, {@code dealloc}, under the watchdog. Each
 * benchmark thread owns one instance, as a pooled call does.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class WasmCallBenchmark {
  @Param({"rust", "wat"})
  String plugin;

  @Param({"compiled", "interpreted"})
  String mode;

  PluginModule module;
  ScheduledExecutorService scheduler;
  InstanceServices services;
  byte[] request;

  @Setup(Level.Trial)
  public void load() {
    module = PluginModule.load("bench", BenchPlugins.options(plugin, mode));
    scheduler = Executors.newSingleThreadScheduledExecutor();
    services = BenchPlugins.services("bench", scheduler);
    request = PluginJson.encodeRequest(BenchPlugins.request());
  }

  @TearDown(Level.Trial)
  public void stop() {
    scheduler.shutdownNow();
  }

  /** One instance per benchmark thread. */
  @State(Scope.Thread)
  public static class Slot {
    PluginInstance instance;

    @Setup(Level.Trial)
    public void create(WasmCallBenchmark bench) {
      instance =
          PluginInstance.create(
              bench.module,
              bench.services,
              BenchPlugins.config(bench.plugin),
              Deadline.after(Duration.ofSeconds(30)));
    }

    @TearDown(Level.Trial)
    public void close() {
      instance.close();
    }
  }

  @Benchmark
  @Threads(1)
  public byte[] call1Thread(Slot slot) {
    return slot.instance.call(request, Deadline.after(Duration.ofSeconds(1)), 1 << 20);
  }

  @Benchmark
  @Threads(2)
  public byte[] call2Threads(Slot slot) {
    return slot.instance.call(request, Deadline.after(Duration.ofSeconds(1)), 1 << 20);
  }
}
