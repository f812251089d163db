package io.signpost.plugin;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.signpost.annotation.Nullable;
import java.util.List;

/**
 * What a plugin answers. Every field is optional; an empty response changes nothing.
 *
 * <p>JSON is Hyrouter's {@code ConnectResponse} (seed 001). Referral bytes are accepted under
 * either {@code referral_content} or {@code referral_data} (base64); unknown fields are ignored.
 * How the chain applies each field is described on {@code io.signpost.chain.PluginChain}, the
 * limits it holds them to (reason length, host length, list sizes) on {@code
 * io.signpost.chain.AnswerLimits}.
 *
 * @param deny whether to refuse the connection; the chain stops at the first deny
 * @param denyReason the reason shown to the client, cut to 256 characters; a default message is
 *     used when blank
 * @param candidates when non-empty, replaces the candidate list
 * @param selectedIndex when in range, picks the backend from the (possibly replaced) candidates
 * @param backend when present and usable, becomes the target
 * @param referralContent when present (even empty), replaces the referral content
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectResponse(
    @JsonProperty("deny") boolean deny,
    @JsonProperty("deny_reason") @Nullable String denyReason,
    @JsonProperty("candidates") @Nullable List<Backend> candidates,
    @JsonProperty("selected_index") @Nullable Integer selectedIndex,
    @JsonProperty("backend") @Nullable Backend backend,
    @JsonProperty("referral_content") @JsonAlias("referral_data") @Nullable
        byte[] referralContent) {

  /** The response that changes nothing. */
  public static final ConnectResponse EMPTY =
      new ConnectResponse(false, null, null, null, null, null);

  public ConnectResponse {
    candidates = candidates == null ? null : List.copyOf(candidates);
    referralContent = referralContent == null ? null : referralContent.clone();
  }

  /** A deny with a reason for the client. */
  public static ConnectResponse denied(String reason) {
    return new ConnectResponse(true, reason, null, null, null, null);
  }

  @Override
  public @Nullable byte[] referralContent() {
    return referralContent == null ? null : referralContent.clone();
  }
}
