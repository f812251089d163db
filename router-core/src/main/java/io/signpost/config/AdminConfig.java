package io.signpost.config;

import io.signpost.annotation.Nullable;

/**
 * The {@code admin} section (a Signpost addition): the HTTP endpoint for metrics, health and the
 * decision log.
 *
 * @param listen where the endpoint listens; null when disabled ({@code listen: ""})
 * @param decisionLogSize how many recent routing decisions are kept; 0 keeps none
 * @param redactIdentities whether player UUIDs and names are masked in the decision log
 */
public record AdminConfig(
    @Nullable ListenAddress listen, int decisionLogSize, boolean redactIdentities) {

  /** The defaults of {@link ConfigDefaults}. */
  public static AdminConfig defaults() {
    return new AdminConfig(
        ListenAddress.parse(ConfigDefaults.ADMIN_LISTEN),
        ConfigDefaults.DECISION_LOG_SIZE,
        ConfigDefaults.REDACT_IDENTITIES);
  }
}
