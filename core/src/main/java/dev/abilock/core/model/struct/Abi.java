package dev.abilock.core.model.struct;

import dev.abilock.CType;

/**
 * An ABI a struct is laid out for. {@code x86_64} aligns every type naturally. {@code x86_32} is
 * i386 System V, as Xen's 32-bit (compat) guests use it: inside a struct the 8-byte integers are
 * 4-aligned, and {@code unsigned long} and pointers are 4 bytes.
 */
public enum Abi {
  X86_64("x86_64"),
  X86_32("x86_32");

  private final String label;

  Abi(String label) {
    this.label = label;
  }

  /** The name messages and the manifest use: {@code x86_64}, {@code x86_32}. */
  public String label() {
    return label;
  }

  /** Bytes {@code type} takes. */
  public int sizeOf(CType type) {
    return switch (type) {
      case U8, S8 -> 1;
      case U16, S16 -> 2;
      case U32, S32 -> 4;
      case U64, S64 -> 8;
      case ULONG, HANDLE -> this == X86_64 ? 8 : 4;
    };
  }

  /**
   * Alignment of {@code type} as a struct member (GCC's {@code _Alignof}, not {@code __alignof__}).
   */
  public int alignOf(CType type) {
    return switch (type) {
      case U64, S64 -> this == X86_64 ? 8 : 4;
      default -> sizeOf(type);
    };
  }

  @Override
  public String toString() {
    return label;
  }
}
