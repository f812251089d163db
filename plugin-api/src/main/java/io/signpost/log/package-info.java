/**
 * Keeping noisy log sources in check: {@link io.signpost.log.LogRateLimiter} decides which lines of
 * a source are written and counts the ones it drops, for one summary line and a metric. Used by the
 * plugin chain for its per-call failure lines; free of any logging or metrics library so the plugin
 * hosts can use it for guest output too.
 */
package io.signpost.log;
