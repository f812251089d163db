package io.signpost.runtime;

import io.signpost.chain.AnswerLimits;
import io.signpost.plugin.Backend;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounds the backends a discovery provider reports, where they enter the router, with the limits a
 * plugin's answer has ({@link AnswerLimits}): a game server or an annotation can carry text of any
 * length, and every candidate's metadata is encoded into every plugin request.
 *
 * <ul>
 *   <li>a backend whose host is longer than {@value AnswerLimits#MAX_HOST_CHARS} characters or
 *       {@value AnswerLimits#MAX_HOST_BYTES} UTF-8 bytes is dropped: no referral could carry it;
 *   <li>metadata keeps at most {@value AnswerLimits#MAX_META_ENTRIES} entries (the first keys in
 *       order), drops keys longer than {@value AnswerLimits#MAX_META_KEY_CHARS} characters and cuts
 *       values to {@value AnswerLimits#MAX_META_VALUE_CHARS} characters.
 * </ul>
 */
final class DiscoveredBackends {

  /** The bounded list, and how many backends were dropped and how many had metadata cut. */
  record Bounded(List<Backend> backends, int dropped, int cut) {}

  private DiscoveredBackends() {}

  static Bounded bound(List<Backend> backends) {
    List<Backend> out = new ArrayList<>(backends.size());
    int dropped = 0;
    int cut = 0;
    for (Backend backend : backends) {
      if (!hostFits(backend.host())) {
        dropped++;
        continue;
      }
      Map<String, String> meta = boundMeta(backend.meta());
      if (meta == null) {
        out.add(backend);
      } else {
        cut++;
        out.add(new Backend(backend.host(), backend.port(), backend.weight(), meta));
      }
    }
    return new Bounded(dropped == 0 && cut == 0 ? backends : List.copyOf(out), dropped, cut);
  }

  private static boolean hostFits(String host) {
    return host.length() <= AnswerLimits.MAX_HOST_CHARS
        && host.getBytes(StandardCharsets.UTF_8).length <= AnswerLimits.MAX_HOST_BYTES;
  }

  /** The bounded metadata, or null when it is within bounds already. */
  private static Map<String, String> boundMeta(Map<String, String> meta) {
    boolean within = meta.size() <= AnswerLimits.MAX_META_ENTRIES;
    for (Map.Entry<String, String> e : meta.entrySet()) {
      within &=
          e.getKey().length() <= AnswerLimits.MAX_META_KEY_CHARS
              && e.getValue().length() <= AnswerLimits.MAX_META_VALUE_CHARS;
    }
    if (within) {
      return null;
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(meta).entrySet()) {
      if (out.size() == AnswerLimits.MAX_META_ENTRIES) {
        break;
      }
      if (e.getKey().length() > AnswerLimits.MAX_META_KEY_CHARS) {
        continue;
      }
      String value = e.getValue();
      out.put(
          e.getKey(),
          value.length() <= AnswerLimits.MAX_META_VALUE_CHARS
              ? value
              : value.substring(0, cutAt(value, AnswerLimits.MAX_META_VALUE_CHARS)));
    }
    return out;
  }

  /** {@code max}, or one less when that would split a surrogate pair. */
  private static int cutAt(String text, int max) {
    return Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
  }
}
