/**
 * Discovery providers on the Kubernetes API, registered with {@link java.util.ServiceLoader}:
 * {@link io.signpost.kubernetes.KubernetesDiscoveryFactory} ({@code type: kubernetes}: Pods and
 * EndpointSlices) and {@link io.signpost.kubernetes.AgonesDiscoveryFactory} ({@code type: agones}:
 * GameServers observed, or allocated per connection). Both talk through the fabric8 client on the
 * JDK's HTTP client and use shared informers (list, watch, resync), never polling. The router core
 * knows nothing of this module but the discovery SPI it implements.
 */
package io.signpost.kubernetes;
