package io.signpost.server;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to send back on the client's stream.
 *
 * @param framedPacket the complete framed packet ({@code u32 length | u32 id | payload}), written
 *     as-is, followed by the end of the stream (FIN)
 * @param logSummary the decision as a short log fragment, for example {@code referral
 *     backend=a:5520 route=default plugins=[x]} or {@code deny reason=banned}; never payload
 *     content
 * @param logFields the same decision as key/value pairs, in order, for structured log lines (JSON
 *     keys): for example {@code outcome=referral}, {@code route=default}, {@code backend=a:5520};
 *     values are strings, numbers or lists of strings, never null and never payload content. Empty
 *     when the handler gives none
 */
public record Answer(byte[] framedPacket, String logSummary, Map<String, Object> logFields) {

  public Answer {
    requireNonNull(framedPacket, "framedPacket");
    requireNonNull(logSummary, "logSummary");
    logFields =
        Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(logFields, "logFields")));
    if (logFields.containsKey(null) || logFields.containsValue(null)) {
      throw new IllegalArgumentException("logFields: " + logFields + " (expected: no nulls)");
    }
  }

  /** An answer without structured log fields. */
  public Answer(byte[] framedPacket, String logSummary) {
    this(framedPacket, logSummary, Map.of());
  }
}
