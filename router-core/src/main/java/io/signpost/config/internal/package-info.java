/**
 * The path-tracking readers behind {@link io.signpost.config.ConfigLoader}; not for use outside
 * {@code io.signpost.config}.
 */
package io.signpost.config.internal;
