/**
 * Connect-time backend selection: {@link io.signpost.routing.RoutingEngine} matches the SNI against
 * routes and runs a pool's filters, sort, limit, strategy and fallbacks. See docs/routing.md.
 */
package io.signpost.routing;
