package io.signpost.runtime;

import io.signpost.annotation.Nullable;
import io.signpost.chain.CallHealthTracker;
import io.signpost.chain.PluginChain;
import io.signpost.plugin.Deadline;
import io.signpost.plugin.OnError;
import io.signpost.plugin.PluginWarmUpException;
import io.signpost.text.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Startup gating: waits, within {@code limits.plugin_startup_timeout}, until every plugin's {@link
 * io.signpost.plugin.Plugin#warmUp} has completed, so that the listener never admits a client on
 * the strength of a plugin that simply has not answered yet.
 *
 * <p>A plugin still not warm when the budget ends is handled by its {@code on_error}: under {@code
 * deny} the router does not start ({@link PluginWarmUpException}); under {@code continue} a WARN
 * line says so, the router starts, and the plugin's {@link CallHealthTracker} marks it not warm (so
 * {@code /readyz} lists it as degraded) until its first successful call. A shadow plugin is always
 * under {@code continue}: it never stops the start. While the wait lasts, every plugin not yet warm
 * is marked {@code warming up}.
 */
final class PluginWarmUp {

  private static final Logger log = LoggerFactory.getLogger(PluginWarmUp.class);

  /** Extra time given to a plugin whose future is late by its own deadline. */
  private static final Duration GRACE = Duration.ofMillis(500);

  private PluginWarmUp() {}

  /**
   * Waits for every plugin of {@code chain}; blocks the calling thread for at most {@code budget}
   * and a short grace. A zero budget skips the wait.
   *
   * @throws PluginWarmUpException when a plugin with {@code on_error: deny} is not warm in time
   */
  static void await(PluginChain chain, Duration budget) {
    await(chain, budget, chain.links());
  }

  /**
   * Waits for the plugins of {@code chain} named in {@code names} only: a reload waits for the
   * plugins it created, not for those it kept, which are warm and serving already.
   *
   * @throws PluginWarmUpException when one of them with {@code on_error: deny} is not warm in time
   */
  static void await(PluginChain chain, Duration budget, Collection<String> names) {
    await(
        chain,
        budget,
        chain.links().stream().filter(link -> names.contains(link.config().name())).toList());
  }

  private static void await(PluginChain chain, Duration budget, List<PluginChain.Link> links) {
    if (budget.isZero() || links.isEmpty()) {
      return;
    }
    Deadline deadline = Deadline.after(budget);
    long started = System.nanoTime();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (PluginChain.Link link : links) {
      String name = link.config().name();
      CallHealthTracker calls = chain.callHealth(name);
      calls.markNotWarm("warming up: no answer yet (waiting up to " + format(budget) + ")");
      CompletableFuture<Void> warm = start(link, deadline);
      warm.thenRun(
          () -> {
            calls.markWarm();
            log.info("plugin {} warm ({} ms)", name, (System.nanoTime() - started) / 1_000_000);
          });
      futures.add(warm);
    }
    waitFor(futures, deadline);
    PluginWarmUpException refused = null;
    for (int i = 0; i < futures.size(); i++) {
      PluginChain.Link link = links.get(i);
      CompletableFuture<Void> warm = futures.get(i);
      String problem =
          warm.cancel(false) ? "its warm-up did not complete" : problem(warm, link.config().name());
      if (problem == null) {
        continue;
      }
      PluginWarmUpException e = notWarm(chain, link, budget, problem);
      if (e != null && refused == null) {
        refused = e;
      } else if (e != null) {
        refused.addSuppressed(e);
      }
    }
    if (refused != null) {
      throw refused;
    }
  }

  private static CompletableFuture<Void> start(PluginChain.Link link, Deadline deadline) {
    try {
      CompletableFuture<Void> warm = link.plugin().warmUp(deadline);
      return warm == null
          ? CompletableFuture.failedFuture(
              new IllegalStateException("warmUp returned null (expected: a future)"))
          : warm;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void waitFor(List<CompletableFuture<Void>> futures, Deadline deadline) {
    long waitNanos = Math.max(0, deadline.remainingNanos()) + GRACE.toNanos();
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Looked at plugin by plugin below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the plugins to warm up", e);
    }
  }

  /** What kept a finished warm-up from succeeding; null when it succeeded. */
  private static @Nullable String problem(CompletableFuture<Void> warm, String name) {
    try {
      warm.getNow(null);
      return null;
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      String prefix = "plugin " + name + ": ";
      return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
  }

  /** Applies the policy; returns the exception to throw under {@code deny}. */
  private static @Nullable PluginWarmUpException notWarm(
      PluginChain chain, PluginChain.Link link, Duration budget, String problem) {
    String name = link.config().name();
    if (link.config().onError() == OnError.DENY) {
      return new PluginWarmUpException(
          name,
          "not warm within limits.plugin_startup_timeout ("
              + format(budget)
              + ") and on_error is deny, so the router does not start: "
              + problem,
          null);
    }
    chain
        .callHealth(name)
        .markNotWarm(
            "not warm: no answer within " + format(budget) + " of startup (" + problem + ")");
    log.warn(
        "plugin {}: not warm within limits.plugin_startup_timeout ({}): {}; starting without it:"
            + (link.config().shadow()
                ? " a shadow plugin's failures are never applied,"
                : " on_error continue admits connections while it fails,")
            + " /readyz lists it as degraded until it answers a call",
        name,
        format(budget),
        problem);
    return null;
  }

  private static String format(Duration d) {
    return GoDuration.format(d);
  }
}
