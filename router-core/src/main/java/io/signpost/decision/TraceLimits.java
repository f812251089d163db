package io.signpost.decision;

import io.signpost.annotation.Nullable;
import io.signpost.chain.PluginStep;
import io.signpost.plugin.PluginException;
import io.signpost.text.TextCut;
import java.util.ArrayList;
import java.util.List;

/**
 * How much one {@link DecisionTrace} holds, so the {@link DecisionLog} is bounded in bytes by its
 * capacity: every trace is cut to these limits when it is made, whoever makes it.
 *
 * <ul>
 *   <li>{@code reason} and each step's {@code error}: at most {@value #MAX_MESSAGE_CHARS}
 *       characters;
 *   <li>every other text (SNI, ALPN, client address, route, strategy, backend, username, UUID, a
 *       step's plugin name) and every entry of the {@code candidates}, {@code changes} and {@code
 *       ignored} lists: at most {@value #MAX_TEXT_CHARS} characters;
 *   <li>each of those lists: at most {@value #MAX_LIST_ENTRIES} entries; when there are more, one
 *       more entry {@code +N more} stands for the rest;
 *   <li>steps: one per plugin that ran, so at most the number of configured plugins.
 * </ul>
 *
 * A cut text ends in {@code "… (N more characters)"} and stays within its limit. Lengths are UTF-16
 * characters ({@link String#length()}). A trace therefore holds at most {@link #maxChars(int)}
 * characters of text.
 */
public final class TraceLimits {

  /** The longest text field or list entry of a trace. */
  public static final int MAX_TEXT_CHARS = 256;

  /**
   * The longest {@code reason} or step {@code error}; the same as a plugin failure's message, so
   * that is never cut twice.
   */
  public static final int MAX_MESSAGE_CHARS = PluginException.MAX_MESSAGE_CHARS;

  /** The most entries listed in {@code candidates}, {@code changes} or {@code ignored}. */
  public static final int MAX_LIST_ENTRIES = 16;

  /** Text fields of a trace bounded by {@link #MAX_TEXT_CHARS}, besides the lists. */
  static final int TEXT_FIELDS = 9;

  private TraceLimits() {}

  /**
   * The most characters of text a trace with {@code steps} plugin steps can hold: text fields,
   * reason, candidates, discovered candidates, and per step plugin name, error, changes and
   * ignored. Times, durations and enum tags are not counted.
   */
  public static long maxChars(int steps) {
    long list = (MAX_LIST_ENTRIES + 1L) * MAX_TEXT_CHARS;
    long trace = (long) TEXT_FIELDS * MAX_TEXT_CHARS + MAX_MESSAGE_CHARS + 2 * list;
    long step = MAX_TEXT_CHARS + MAX_MESSAGE_CHARS + 2 * list;
    return trace + step * steps;
  }

  static @Nullable String text(@Nullable String value) {
    return value == null ? null : TextCut.abbreviate(value, MAX_TEXT_CHARS);
  }

  static @Nullable String message(@Nullable String value) {
    return value == null ? null : TextCut.abbreviate(value, MAX_MESSAGE_CHARS);
  }

  /** The list itself when within the limits, else a bounded copy. */
  static List<String> list(List<String> values) {
    if (values.size() <= MAX_LIST_ENTRIES && fits(values)) {
      return values;
    }
    int listed = Math.min(values.size(), MAX_LIST_ENTRIES);
    List<String> out = new ArrayList<>(listed + 1);
    for (int i = 0; i < listed; i++) {
      out.add(text(values.get(i)));
    }
    if (values.size() > listed) {
      out.add("+" + (values.size() - listed) + " more");
    }
    return out;
  }

  /** The step itself when within the limits, else a bounded copy. */
  static PluginStep step(PluginStep step) {
    String plugin = text(step.plugin());
    String error = message(step.error());
    List<String> changes = list(step.changes());
    List<String> ignored = list(step.ignored());
    if (plugin == step.plugin()
        && error == step.error()
        && changes == step.changes()
        && ignored == step.ignored()) {
      return step;
    }
    return new PluginStep(
        plugin,
        step.stage(),
        step.duration(),
        changes,
        ignored,
        step.failure(),
        error,
        step.policy(),
        step.shadow());
  }

  static List<PluginStep> steps(List<PluginStep> steps) {
    List<PluginStep> out = new ArrayList<>(steps.size());
    for (PluginStep step : steps) {
      out.add(step(step));
    }
    return out;
  }

  private static boolean fits(List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).length() > MAX_TEXT_CHARS) {
        return false;
      }
    }
    return true;
  }
}
