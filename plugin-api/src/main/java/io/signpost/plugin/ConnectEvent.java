package io.signpost.plugin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.signpost.annotation.Nullable;

/**
 * What the router knows about the connecting client when plugins run: the TLS handshake and the
 * decoded {@code Connect} packet.
 *
 * <p>Field names and optionality follow Hyrouter's {@code ConnectEvent}: every field except {@code
 * sni} is omitted from JSON when unknown. Signpost adds {@code alpn} (the negotiated ALPN protocol,
 * for example {@code hytale/2}); plugins that do not know it ignore it.
 *
 * @param sni the server name the client dialled (lower-case, no trailing dot); empty when none
 * @param clientCertFingerprint SHA-256 of the client certificate, lower-case hex, when presented
 * @param protocolHash the protocol hash (layout A) or client version string (layout B)
 * @param clientType the client type byte of the Connect packet
 * @param uuid the player's UUID in 8-4-4-4-12 form
 * @param username the player's name
 * @param language the client's language tag, for example {@code pt-BR}
 * @param identityTokenPresent whether the client sent an identity token (never its content)
 * @param alpn the negotiated ALPN protocol (a Signpost addition)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectEvent(
    @JsonProperty("sni") @JsonInclude(JsonInclude.Include.ALWAYS) String sni,
    @JsonProperty("client_cert_fingerprint") @Nullable String clientCertFingerprint,
    @JsonProperty("protocol_hash") @Nullable String protocolHash,
    @JsonProperty("client_type") @Nullable Integer clientType,
    @JsonProperty("uuid") @Nullable String uuid,
    @JsonProperty("username") @Nullable String username,
    @JsonProperty("language") @Nullable String language,
    @JsonProperty("identity_token_present") @Nullable Boolean identityTokenPresent,
    @JsonProperty("alpn") @Nullable String alpn) {

  public ConnectEvent {
    sni = sni == null ? "" : sni;
  }

  /** An event that carries only the SNI, as for a client whose Connect did not decode. */
  public static ConnectEvent ofSni(String sni) {
    return new ConnectEvent(sni, null, null, null, null, null, null, null, null);
  }
}
