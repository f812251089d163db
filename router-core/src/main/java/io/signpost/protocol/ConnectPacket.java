package io.signpost.protocol;

import static java.util.Objects.requireNonNull;

import io.signpost.annotation.Nullable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the router keeps of a decoded {@code Connect} packet. The identity token's content is never
 * kept, only whether one was sent.
 *
 * @param layout the layout the payload was decoded with
 * @param protocolHash the protocol hash (layout A) or client version (layout B), NULs stripped;
 *     empty when the field was all NUL
 * @param clientType the client type byte, {@code 0..255}
 * @param uuid the player's UUID in lower-case 8-4-4-4-12 form
 * @param username the player's name, at most {@value #MAX_USERNAME_BYTES} bytes; null when absent
 *     or undecodable (layout A only, layout B requires it)
 * @param language the language tag; null when absent or undecodable (layout A only)
 * @param identityTokenPresent whether an identity token was flagged and decoded
 * @param referralData the referral data the client carried from its previous server, at most
 *     {@value #MAX_REFERRAL_DATA_BYTES} bytes; null when absent
 * @param referralSource the server that referred the client; null when absent
 */
public record ConnectPacket(
    ConnectLayout layout,
    String protocolHash,
    int clientType,
    String uuid,
    @Nullable String username,
    @Nullable String language,
    boolean identityTokenPresent,
    @Nullable byte[] referralData,
    @Nullable HostAddress referralSource) {

  /** Maximum username length in UTF-8 bytes (both layouts). */
  public static final int MAX_USERNAME_BYTES = 16;

  /** Maximum language length in UTF-8 bytes, layout A. */
  public static final int MAX_LANGUAGE_BYTES_A = 128;

  /** Maximum language length in UTF-8 bytes, layout B. */
  public static final int MAX_LANGUAGE_BYTES_B = 16;

  /** Maximum identity token length in bytes. */
  public static final int MAX_IDENTITY_TOKEN_BYTES = 8192;

  /** Maximum referral data length in bytes. */
  public static final int MAX_REFERRAL_DATA_BYTES = 4096;

  public ConnectPacket {
    requireNonNull(layout, "layout");
    requireNonNull(protocolHash, "protocolHash");
    requireNonNull(uuid, "uuid");
    if (clientType < 0 || clientType > 0xFF) {
      throw new IllegalArgumentException("clientType: " + clientType + " (expected: 0..255)");
    }
    referralData = referralData == null ? null : referralData.clone();
  }

  @Override
  public @Nullable byte[] referralData() {
    return referralData == null ? null : referralData.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectPacket other
        && layout == other.layout
        && protocolHash.equals(other.protocolHash)
        && clientType == other.clientType
        && uuid.equals(other.uuid)
        && Objects.equals(username, other.username)
        && Objects.equals(language, other.language)
        && identityTokenPresent == other.identityTokenPresent
        && Arrays.equals(referralData, other.referralData)
        && Objects.equals(referralSource, other.referralSource);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
                layout,
                protocolHash,
                clientType,
                uuid,
                username,
                language,
                identityTokenPresent,
                referralSource)
            * 31
        + Arrays.hashCode(referralData);
  }

  @Override
  public String toString() {
    return "ConnectPacket[layout="
        + layout
        + ", protocolHash="
        + protocolHash
        + ", clientType="
        + clientType
        + ", uuid="
        + uuid
        + ", username="
        + username
        + ", language="
        + language
        + ", identityTokenPresent="
        + identityTokenPresent
        + ", referralData="
        + (referralData == null ? "null" : referralData.length + " bytes")
        + ", referralSource="
        + referralSource
        + "]";
  }
}
