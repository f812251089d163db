/**
 * The wire protocol the router speaks on a client's stream: framing ({@link
 * io.signpost.protocol.FrameReader}, {@link io.signpost.protocol.Frames}), primitives ({@link
 * io.signpost.protocol.VarInt}, {@link io.signpost.protocol.VarString}, {@link
 * io.signpost.protocol.HostAddress}, {@link io.signpost.protocol.UuidCodec}), the {@code Connect}
 * decoder and the {@code Disconnect} and {@code ClientReferral} encoders.
 *
 * <p>Plain {@code byte[]} and {@link java.nio.ByteBuffer} only; no transport types. Decoders are
 * total: any input yields a value or a {@link io.signpost.protocol.ProtocolException} (or, for
 * {@code Connect}, an {@link io.signpost.protocol.ConnectDecodeResult.Undecodable}), and declared
 * lengths are checked against their maximum and against the bytes present before anything is
 * allocated. Everything here is stateless and thread-safe except {@link
 * io.signpost.protocol.FrameReader}, which holds one stream's partial frame.
 */
package io.signpost.protocol;
