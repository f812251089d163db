/**
 * The discovery SPI: how a provider module turns its {@code discovery.providers[]} section into a
 * live list of backends ({@link io.signpost.discovery.DiscoveryProvider}) and registers ({@link
 * io.signpost.discovery.DiscoveryProviderFactory}, found with {@link java.util.ServiceLoader}).
 * Provider modules ({@code kubernetes-discovery}) depend on this package; it depends on none of
 * them and names no Kubernetes type.
 *
 * <p>The router owns everything around a provider: it merges the provider's list with the pools'
 * static backends, swaps the result into the routing snapshot, composes readiness, exports metrics
 * and logs state changes. A provider only watches, reports, and (when it allocates) allocates.
 */
package io.signpost.discovery;
