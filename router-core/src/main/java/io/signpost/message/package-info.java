/** Player-facing texts: {@link io.signpost.message.DisconnectMessages}. */
package io.signpost.message;
