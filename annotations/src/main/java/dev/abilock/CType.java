package dev.abilock;

/**
 * The C type of an {@link AbiStruct} {@link Member}: its size and alignment in each ABI abilock
 * lays out. {@code x86_64} aligns every type naturally; {@code x86_32} (i386 System V) aligns the
 * 8-byte integers to 4 inside a struct, and its {@code unsigned long} and pointers are 4 bytes.
 */
public enum CType {
  /** {@code uint8_t}: 1 byte. */
  U8,
  /** {@code uint16_t}: 2 bytes ({@code domid_t}). */
  U16,
  /** {@code uint32_t}: 4 bytes. */
  U32,
  /**
   * {@code uint64_t}: 8 bytes, aligned to 8 on x86_64 but to 4 on x86_32; Xen's {@code
   * uint64_aligned_t} is {@code U64} with {@code align = 8}.
   */
  U64,
  /** {@code int8_t}: 1 byte. */
  S8,
  /** {@code int16_t}: 2 bytes. */
  S16,
  /** {@code int32_t}: 4 bytes. */
  S32,
  /** {@code int64_t}: 8 bytes, aligned like {@link #U64}. */
  S64,
  /** {@code unsigned long} ({@code xen_ulong_t}): 8 bytes on x86_64, 4 on x86_32. */
  ULONG,
  /** A guest pointer ({@code XEN_GUEST_HANDLE(...)}): 8 bytes on x86_64, 4 on x86_32. */
  HANDLE
}
