package io.signpost.wasm.internal;

/**
 * What every instance of one plugin shares.
 *
 * @param signpost the {@code signpost} host functions
 * @param guestLog where the module's log lines, stdout and stderr go, rate-limited
 * @param watchdog enforces time limits on guest code
 */
record InstanceServices(SignpostImports signpost, GuestLog guestLog, CallWatchdog watchdog) {}
