/**
 * The plugin SPI: what a plugin receives ({@link io.signpost.plugin.ConnectRequest}), what it
 * answers ({@link io.signpost.plugin.ConnectResponse}), the contract of a call ({@link
 * io.signpost.plugin.Plugin}), how backends register and build plugins in two phases ({@link
 * io.signpost.plugin.PluginFactory}, {@link io.signpost.plugin.PluginSpec}), the services lent to
 * them ({@link io.signpost.plugin.PluginContext}, with the one {@link
 * io.signpost.plugin.DeadlineTimer} for call deadlines) and the failures they report ({@link
 * io.signpost.plugin.PluginException}). Published as the {@code plugin-api} module: backends
 * ({@code wasm-host}, {@code grpc-host}) and plugin servers depend on it, it depends on none of
 * them and on nothing of the router.
 */
package io.signpost.plugin;
