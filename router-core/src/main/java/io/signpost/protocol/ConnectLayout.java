package io.signpost.protocol;

/** The two layouts of the {@code Connect} payload seen in the wild. */
public enum ConnectLayout {
  /**
   * Older clients: a 64-character protocol hash, 102-byte fixed part, optional language, username
   * always expected.
   */
  A(102),
  /**
   * Newer clients: protocol CRC, build number and a 20-character client version, 66-byte fixed
   * part, username and language required.
   */
  B(66);

  private final int fixedSize;

  ConnectLayout(int fixedSize) {
    this.fixedSize = fixedSize;
  }

  /** Size of the fixed part; the variable block starts here and offsets are relative to it. */
  public int fixedSize() {
    return fixedSize;
  }
}
