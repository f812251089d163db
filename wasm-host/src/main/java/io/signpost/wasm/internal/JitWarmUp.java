package io.signpost.wasm.internal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signpost.plugin.Backend;
import io.signpost.plugin.ConnectEvent;
import io.signpost.plugin.ConnectRequest;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.PluginJson;
import io.signpost.text.GoDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/**
 * Synthetic calls before the router serves, so that the JIT has compiled a module's hot paths
 * (Chicory's generated classes, the host functions, the JSON codec) before the first player
 * arrives: a fresh JVM otherwise needs tens of thousands of calls before a call settles.
 *
 * <p>The calls run on a throwaway instance whose log and metrics go nowhere (the guest's log lines,
 * its counters and its answers are discarded), one after the other on the calling thread, until
 * {@code calls} are done, {@link io.signpost.wasm.WasmOptions#WARM_UP_TIME} or the deadline has
 * passed, or a call fails; warm-up is best effort and never fails the plugin.
 */
final class JitWarmUp {

  private static final Logger LOG = LoggerFactory.getLogger(JitWarmUp.class);

  /** What the warm-up did, for the log. */
  record Outcome(int calls, Duration took, String stoppedBecause) {}

  private JitWarmUp() {}

  /** Services for the throwaway instance: no log, metrics into a registry nobody reads. */
  static InstanceServices mutedServices(String pluginName, CallWatchdog watchdog) {
    SimpleMeterRegistry nowhere = new SimpleMeterRegistry();
    GuestLog silent = new GuestLog(pluginName, NOPLogger.NOP_LOGGER, nowhere, System::nanoTime);
    return new InstanceServices(new SignpostImports(pluginName, silent, nowhere), silent, watchdog);
  }

  /**
   * Runs up to {@code calls} synthetic calls on an instance from {@code instances}, each limited by
   * {@code perCall}, stopping at {@code deadline} or {@code maxTime}.
   */
  static Outcome run(
      String pluginName,
      Supplier<PluginInstance> instances,
      int calls,
      Duration perCall,
      int maxResponseBytes,
      Deadline deadline,
      Duration maxTime) {
    long started = System.nanoTime();
    if (calls == 0) {
      return new Outcome(0, Duration.ZERO, "warm_up_calls is 0");
    }
    Deadline end = earlier(deadline, Deadline.after(maxTime));
    int done = 0;
    String stopped = "done";
    PluginInstance instance = null;
    try {
      instance = instances.get();
      for (; done < calls; done++) {
        if (end.isExpired()) {
          stopped = "time budget reached";
          break;
        }
        byte[] json = PluginJson.encodeRequest(request(done));
        byte[] answer =
            instance.call(json, earlier(end, Deadline.after(perCall)), maxResponseBytes);
        PluginJson.decodeResponse(answer);
      }
    } catch (RuntimeException | StackOverflowError e) {
      stopped = "call " + (done + 1) + " failed: " + e.getMessage();
    } finally {
      if (instance != null) {
        instance.close();
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    LOG.debug(
        "plugin {}: {} warm-up call(s) in {} ({})",
        pluginName,
        done,
        GoDuration.format(took),
        stopped);
    return new Outcome(done, took, stopped);
  }

  /** A plausible Connect, a different player each time, so no plugin cache answers them all. */
  static ConnectRequest request(int i) {
    Backend a = new Backend("warmup-a.signpost.invalid", 5520, 1, Map.of("zone", "warmup"));
    Backend b = new Backend("warmup-b.signpost.invalid", 5521, 1, Map.of("zone", "warmup"));
    return new ConnectRequest(
        new ConnectEvent(
            "warmup.signpost.invalid",
            null,
            null,
            0,
            "00000000-0000-4000-8000-" + String.format("%012d", i % 1_000_000),
            "warmup" + i,
            "en-US",
            true,
            "hytale/2"),
        "round_robin",
        List.of(a, b),
        i & 1,
        (i & 1) == 0 ? a : b,
        new byte[0]);
  }

  private static Deadline earlier(Deadline a, Deadline b) {
    return a.remaining().compareTo(b.remaining()) <= 0 ? a : b;
  }
}
