package dev.abilock;

/** How an {@link AbiStruct} is seen by 32-bit (compat, {@code x86_32}) guests. */
public enum Compat {
  /** No compat layout: the struct is laid out and frozen for {@code x86_64} only. */
  NONE,

  /**
   * Xen's {@code ?} in {@code xlat.lst}: the {@code x86_32} layout must equal the native one, with
   * the same offset and size for every member and the same struct size (the alignment may differ).
   * Otherwise the build fails naming the first member that differs and both offsets.
   */
  SAME,

  /**
   * Xen's {@code !} in {@code xlat.lst}: the two layouts differ ({@link CType#ULONG}, {@link
   * CType#HANDLE}); both are laid out and frozen, and a translator between them is generated.
   */
  TRANSLATED
}
