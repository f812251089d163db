package io.signpost.wasm.internal;

import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.ConnectResponse;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.Plugin;
import io.signpost.plugin.PluginJson;
import io.signpost.wasm.WasmPlugins;
import java.time.Duration;
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
 * A whole plugin call as the router makes it: JSON encoding, hand-off to the plugin's worker, pool
 * borrow, the Wasm call, JSON decoding and the future's completion. Pool size 2.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class WasmPluginBenchmark {
  @Param({"rust", "wat"})
  String plugin;

  @Param({"compiled"})
  String mode;

  Plugin loaded;
  ConnectRequest request;

  @Setup(Level.Trial)
  public void load() throws Exception {
    loaded =
        WasmPlugins.load(
            BenchPlugins.options(plugin, mode),
            PluginJson.mapper().readTree(BenchPlugins.config(plugin)),
            Duration.ofSeconds(1));
    request = BenchPlugins.request();
  }

  @TearDown(Level.Trial)
  public void close() {
    loaded.close();
  }

  @Benchmark
  @Threads(1)
  public ConnectResponse plugin1Thread() {
    return loaded.onConnect(request, Deadline.after(Duration.ofSeconds(1))).join();
  }

  @Benchmark
  @Threads(2)
  public ConnectResponse plugin2Threads() {
    return loaded.onConnect(request, Deadline.after(Duration.ofSeconds(1))).join();
  }
}
