package io.quanta.ports.policy;

import static java.util.Objects.requireNonNull;

import java.util.HexFormat;

/**
 * The mesh-wide secret of the {@code hash} mask, as the two HMAC-SHA-256 pads (RFC 2104) the SQL of
 * a masked column needs: {@code sha256(opad || sha256(ipad || value))}. One secret for the whole
 * mesh, so that a masked identifier hashes to the same value in every product and masked columns
 * still join; a secret, so that nobody can hash a guess and compare.
 */
public final class MaskKey {
  private static final int BLOCK = 64;

  private final String innerPad;
  private final String outerPad;

  private MaskKey(String innerPad, String outerPad) {
    this.innerPad = innerPad;
    this.outerPad = outerPad;
  }

  /** The pads of a key of 16 to 64 bytes. */
  public static MaskKey of(byte[] key) {
    requireNonNull(key, "key is null");
    if (key.length < 16 || key.length > BLOCK) {
      throw new IllegalArgumentException("a mask key has 16 to 64 bytes, got " + key.length);
    }
    byte[] inner = new byte[BLOCK];
    byte[] outer = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte k = i < key.length ? key[i] : 0;
      inner[i] = (byte) (k ^ 0x36);
      outer[i] = (byte) (k ^ 0x5c);
    }
    HexFormat hex = HexFormat.of();
    return new MaskKey(hex.formatHex(inner), hex.formatHex(outer));
  }

  /** The inner pad, in hex. */
  String innerPad() {
    return innerPad;
  }

  /** The outer pad, in hex. */
  String outerPad() {
    return outerPad;
  }

  @Override
  public String toString() {
    return "MaskKey[secret]";
  }
}
