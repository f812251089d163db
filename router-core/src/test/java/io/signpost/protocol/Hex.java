package io.signpost.protocol;

import java.util.HexFormat;

/** Hex vectors in test sources: whitespace is ignored so vectors can be laid out by field. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
