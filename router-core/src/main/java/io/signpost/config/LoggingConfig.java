package io.signpost.config;

/**
 * The {@code logging} section.
 *
 * @param logClientIp whether log lines include the client's socket address
 */
public record LoggingConfig(boolean logClientIp) {}
