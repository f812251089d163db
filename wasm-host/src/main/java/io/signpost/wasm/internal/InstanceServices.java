package io.signpost.wasm.internal;

import org.slf4j.Logger;

/**
 * What every instance of one plugin shares.
 *
 * @param signpost the {@code signpost} host functions
 * @param guestLogger where the module's log lines, stdout and stderr go
 * @param watchdog enforces time limits on guest code
 */
record InstanceServices(SignpostImports signpost, Logger guestLogger, CallWatchdog watchdog) {}
