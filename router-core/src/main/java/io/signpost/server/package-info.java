/**
 * The QUIC front door's transport: {@link io.signpost.server.QuicListener} accepts QUIC connections
 * (TLS 1.3, SNI, ALPN {@code hytale/<n>}, optional client certificate), reads the streams of each
 * connection until its first {@code Connect} frame and hands that to a {@link
 * io.signpost.server.ConnectionHandler}, then writes the handler's {@link
 * io.signpost.server.Answer} and closes. It knows nothing of routing, plugins or packet codecs; the
 * handler brings those. Settings: {@link io.signpost.server.ListenerSettings}. Failures: {@link
 * io.signpost.server.ListenerException} and its subclasses.
 */
package io.signpost.server;
