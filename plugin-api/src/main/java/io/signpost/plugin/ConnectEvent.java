package io.signpost.plugin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.signpost.annotation.Nullable;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What the router knows about the connecting client when plugins run: the TLS handshake and the
 * decoded {@code Connect} packet.
 *
 * <p>Field names and optionality follow Hyrouter's {@code ConnectEvent}: every field except {@code
 * sni} is omitted from JSON when unknown. Signpost adds {@code alpn} (the negotiated ALPN protocol,
 * for example {@code hytale/2}) and {@code client_cert_fingerprint_hex} (the fingerprint in
 * lower-case hex, derived from {@code client_cert_fingerprint}); plugins that do not know them
 * ignore them.
 *
 * @param sni the server name the client dialled (lower-case, no trailing dot); empty when none
 * @param clientCertFingerprint SHA-256 of the client certificate's DER encoding, base64url without
 *     padding (43 characters) as Hyrouter sends it, when one was presented
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

  /**
   * {@link #clientCertFingerprint} in lower-case hex (64 characters), sent to plugins as {@code
   * client_cert_fingerprint_hex}; null when there is no fingerprint or it is not base64url.
   */
  @JsonProperty(value = "client_cert_fingerprint_hex", access = JsonProperty.Access.READ_ONLY)
  public @Nullable String clientCertFingerprintHex() {
    if (clientCertFingerprint == null) {
      return null;
    }
    try {
      return HexFormat.of().formatHex(Base64.getUrlDecoder().decode(clientCertFingerprint));
    } catch (IllegalArgumentException notBase64url) {
      return null;
    }
  }

  /** An event that carries only the SNI, as for a client whose Connect did not decode. */
  public static ConnectEvent ofSni(String sni) {
    return new ConnectEvent(sni, null, null, null, null, null, null, null, null);
  }
}
