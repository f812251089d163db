package io.signpost.wasm.internal;

import io.signpost.plugin.Deadline;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Load (read, check, parse and, in compiled mode, compile the module: once per plugin) and
 * instantiate (one new pooled instance: memory, WASI, {@code _initialize}, {@code signpost_load}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class WasmLoadBenchmark {
  @Param({"rust", "wat"})
  String plugin;

  @Param({"compiled", "interpreted"})
  String mode;

  PluginModule module;
  ScheduledExecutorService scheduler;
  InstanceServices services;

  @Setup(Level.Trial)
  public void setUp() {
    module = PluginModule.load("bench", BenchPlugins.options(plugin, mode));
    scheduler = Executors.newSingleThreadScheduledExecutor();
    services = BenchPlugins.services("bench", scheduler);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    scheduler.shutdownNow();
  }

  @Benchmark
  public PluginModule load() {
    return PluginModule.load("bench", BenchPlugins.options(plugin, mode));
  }

  @Benchmark
  public long instantiate() {
    PluginInstance instance =
        PluginInstance.create(
            module, services, BenchPlugins.config(plugin), Deadline.after(Duration.ofSeconds(30)));
    long bytes = instance.memoryBytes();
    instance.close();
    return bytes;
  }
}
