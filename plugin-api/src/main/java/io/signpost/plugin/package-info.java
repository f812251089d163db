/**
 * The plugin SPI: what a plugin receives ({@link io.signpost.plugin.ConnectRequest}), what it
 * answers ({@link io.signpost.plugin.ConnectResponse}), the contract of a call ({@link
 * io.signpost.plugin.Plugin}) and how backends register ({@link io.signpost.plugin.PluginFactory}).
 * Backends ({@code wasm-host}, {@code grpc-host}) depend on this package; it depends on none of
 * them.
 */
package io.signpost.plugin;
