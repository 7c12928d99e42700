package dev.abilock.core.model.struct;

import dev.abilock.CType;
import dev.abilock.core.model.struct.StructLayout.Placed;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads an image of a struct in guest memory on one ABI as its generated {@code validate} and
 * {@code decode} do: little-endian, pads that must be zero checked, retired members ignored, a
 * member that holds sub-ops keyed by its value.
 */
public final class StructImage {
  private StructImage() {}

  /** What {@code struct} on {@code abi} reads from {@code image}, its first byte at index 0. */
  public static ImageReading read(StructDecl struct, Abi abi, byte[] image) {
    if (struct.isRetired()) {
      return new ImageReading.Retired("struct " + struct.name(), struct.retired());
    }
    if (!struct.abis().contains(abi)) {
      return new ImageReading.Refused("no " + abi + " layout (compat NONE)");
    }
    StructLayout layout = struct.layoutOn(abi);
    if (image.length < layout.size()) {
      return new ImageReading.Refused(
          "the image has " + image.length + " bytes, the struct takes " + layout.size());
    }
    List<ImageReading.Value> values = new ArrayList<>();
    for (Placed p : layout.placed()) {
      if (p.slot() instanceof Pad pad && pad.mustBeZero()) {
        for (int i = p.offset(); i < p.end(); i++) {
          if (image[i] != 0) {
            return new ImageReading.Refused("byte " + i + " of pad " + pad.name() + " is not zero");
          }
        }
      }
    }
    for (Placed p : layout.placed()) {
      if (!(p.slot() instanceof Member m) || m.isRetired()) {
        continue;
      }
      BigInteger value = value(image, p.offset(), p.size(), signed(m.type()));
      SubOp subOp = null;
      List<SubOp> subOps =
          struct.subOps().stream().filter(s -> s.member().equals(m.name())).toList();
      if (!subOps.isEmpty()) {
        Optional<SubOp> live =
            subOps.stream()
                .filter(s -> !s.isRetired() && value.equals(BigInteger.valueOf(s.value())))
                .findFirst();
        Optional<SubOp> retired =
            subOps.stream()
                .filter(s -> s.isRetired() && value.equals(BigInteger.valueOf(s.value())))
                .findFirst();
        if (live.isPresent()) {
          subOp = live.get();
        } else if (retired.isPresent()) {
          return new ImageReading.Retired(
              "sub-op " + retired.get().name() + " (" + m.name() + " " + value + ")",
              retired.get().retired());
        } else {
          return new ImageReading.Refused("member " + m.name() + " holds " + value + ", no sub-op");
        }
      }
      values.add(new ImageReading.Value(m.name(), m.type(), p.offset(), p.size(), value, subOp));
    }
    return new ImageReading.Accepted(values);
  }

  /** Whether {@code type} sign-extends. */
  public static boolean signed(CType type) {
    return switch (type) {
      case S8, S16, S32, S64 -> true;
      default -> false;
    };
  }

  /**
   * The little-endian value of {@code size} bytes at {@code offset}, sign-extended when {@code
   * signed}.
   */
  public static BigInteger value(byte[] image, int offset, int size, boolean signed) {
    byte[] bigEndian = new byte[size];
    for (int i = 0; i < size; i++) {
      bigEndian[i] = image[offset + size - 1 - i];
    }
    return signed ? new BigInteger(bigEndian) : new BigInteger(1, bigEndian);
  }

  /** Writes {@code value}'s low {@code size} bytes little-endian at {@code offset}. */
  public static void write(byte[] image, int offset, int size, BigInteger value) {
    for (int i = 0; i < size; i++) {
      image[offset + i] = value.shiftRight(8 * i).byteValue();
    }
  }

  /** {@code 01 00 02 ...}: the bytes in hex, in memory order. */
  public static String hex(byte[] image) {
    return HexFormat.ofDelimiter(" ").formatHex(image);
  }
}
