package io.signpost.chain;

import io.signpost.annotation.Nullable;
import io.signpost.plugin.Backend;
import io.signpost.protocol.HostAddress;
import io.signpost.text.TextCut;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How much a plugin's answer may carry. The chain applies these bounds where it applies an answer,
 * so Wasm and gRPC plugins are held to the same limits, and nothing a plugin hands back reaches the
 * client, the next plugin, the logs or the decision log unbounded.
 *
 * <ul>
 *   <li>a {@code deny_reason} longer than {@value #MAX_DENY_REASON_CHARS} characters is cut to that
 *       length (never inside a surrogate pair), the client gets the cut reason and the step's
 *       {@code ignored} list records the cut;
 *   <li>a {@code candidates} list longer than {@value #MAX_CANDIDATES} entries is ignored;
 *   <li>a backend (the answer's {@code backend} or a {@code candidates} entry) whose host is longer
 *       than {@value #MAX_HOST_CHARS} characters or {@value #MAX_HOST_BYTES} UTF-8 bytes, or whose
 *       {@code meta} has more than {@value #MAX_META_ENTRIES} entries, a key longer than {@value
 *       #MAX_META_KEY_CHARS} or a value longer than {@value #MAX_META_VALUE_CHARS} characters, is
 *       ignored; for a {@code candidates} entry the whole list is ignored, as for an unusable
 *       entry.
 * </ul>
 *
 * Referral content is bounded by what the envelope can carry (see {@link PluginChain}). Lengths in
 * characters are UTF-16 code units ({@link String#length()}).
 */
public final class AnswerLimits {

  /** The longest {@code deny_reason} sent to the client: one disconnect screen. */
  public static final int MAX_DENY_REASON_CHARS = 256;

  /** The longest backend host in characters: a DNS name's maximum. */
  public static final int MAX_HOST_CHARS = 253;

  /** The longest backend host in UTF-8 bytes: what the ClientReferral packet can carry. */
  public static final int MAX_HOST_BYTES = HostAddress.MAX_HOST_BYTES;

  /** The most entries a {@code candidates} list may have. */
  public static final int MAX_CANDIDATES = 1024;

  /** The most {@code meta} entries one backend may have. */
  public static final int MAX_META_ENTRIES = 64;

  /** The longest {@code meta} key, in characters. */
  public static final int MAX_META_KEY_CHARS = 253;

  /** The longest {@code meta} value, in characters. */
  public static final int MAX_META_VALUE_CHARS = 1024;

  /** How much of a host or key an {@code ignored} entry quotes. */
  static final int QUOTED_CHARS = 64;

  private AnswerLimits() {}

  /**
   * The deny reason as the client gets it: at most {@value #MAX_DENY_REASON_CHARS} characters. A
   * cut is recorded in {@code ignored}.
   */
  static @Nullable String denyReason(@Nullable String reason, List<String> ignored) {
    if (reason == null || reason.length() <= MAX_DENY_REASON_CHARS) {
      return reason;
    }
    String cut = TextCut.prefix(reason, MAX_DENY_REASON_CHARS);
    ignored.add("deny_reason: cut from " + reason.length() + " to " + cut.length() + " characters");
    return cut;
  }

  /** Why a {@code candidates} list is too long, or null when it is not. */
  static @Nullable String candidatesProblem(List<Backend> candidates) {
    if (candidates.size() <= MAX_CANDIDATES) {
      return null;
    }
    return "length ("
        + candidates.size()
        + ") exceeds the allowed maximum ("
        + MAX_CANDIDATES
        + ")";
  }

  /** Why a backend is over a limit, or null when it is within all of them. */
  static @Nullable String backendProblem(Backend backend) {
    String host = backend.host();
    if (host.length() > MAX_HOST_CHARS) {
      return "host length ("
          + host.length()
          + " characters) exceeds the allowed maximum ("
          + MAX_HOST_CHARS
          + ")";
    }
    int bytes = host.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_HOST_BYTES) {
      return "host length ("
          + bytes
          + " bytes in UTF-8) exceeds the allowed maximum ("
          + MAX_HOST_BYTES
          + ")";
    }
    return metaProblem(backend.meta());
  }

  private static @Nullable String metaProblem(Map<String, String> meta) {
    if (meta.size() > MAX_META_ENTRIES) {
      return "meta size ("
          + meta.size()
          + " entries) exceeds the allowed maximum ("
          + MAX_META_ENTRIES
          + ")";
    }
    for (Map.Entry<String, String> entry : meta.entrySet()) {
      String key = entry.getKey();
      if (key.length() > MAX_META_KEY_CHARS) {
        return "meta key "
            + quote(key)
            + " length ("
            + key.length()
            + ") exceeds the allowed maximum ("
            + MAX_META_KEY_CHARS
            + ")";
      }
      String value = entry.getValue();
      if (value.length() > MAX_META_VALUE_CHARS) {
        return "meta value of "
            + quote(key)
            + " length ("
            + value.length()
            + ") exceeds the allowed maximum ("
            + MAX_META_VALUE_CHARS
            + ")";
      }
    }
    return null;
  }

  /** {@code text} in quotes, cut to {@value #QUOTED_CHARS} characters with a marker. */
  static String quote(String text) {
    return "\"" + TextCut.abbreviate(text, QUOTED_CHARS) + "\"";
  }
}
