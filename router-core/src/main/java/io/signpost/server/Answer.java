package io.signpost.server;

import static java.util.Objects.requireNonNull;

/**
 * What to send back on the client's stream.
 *
 * @param framedPacket the complete framed packet ({@code u32 length | u32 id | payload}), written
 *     as-is, followed by the end of the stream (FIN)
 * @param logSummary the decision as a short log fragment, for example {@code referral
 *     backend=a:5520 route=default plugins=[x]} or {@code deny reason=banned}; never payload
 *     content
 */
public record Answer(byte[] framedPacket, String logSummary) {

  public Answer {
    requireNonNull(framedPacket, "framedPacket");
    requireNonNull(logSummary, "logSummary");
  }
}
