package dev.abilock.core.check;

import dev.abilock.core.GateMessage;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.ImageReading;
import dev.abilock.core.model.struct.StructImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Concrete images of a struct that a guest may hold, valid under the published layout, that the new
 * layout reads differently or refuses: one per ABI, or one for the ABIs where they agree.
 *
 * @param images the images, in ABI order
 * @param retiredIn when the images hold a sub-op value retired at this release, saved before its
 *     retirement (the witness of a reused value); {@code null} otherwise
 */
public record ImageWitness(List<Image> images, String retiredIn) {
  public ImageWitness {
    images = List.copyOf(images);
  }

  /**
   * One image and its two readings.
   *
   * @param abis the ABIs whose layouts read these bytes so
   * @param bytes the image, first byte first
   * @param published what the published layout reads (before its retirements, for {@code
   *     retiredIn})
   * @param now what the layout declared now reads
   */
  public record Image(List<Abi> abis, byte[] bytes, ImageReading published, ImageReading now) {
    public Image {
      abis = List.copyOf(abis);
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /** The same bytes read the same way: one image stands for both ABIs. */
    boolean agreesWith(Image other) {
      return Arrays.equals(bytes, other.bytes)
          && published.describe().equals(other.published.describe())
          && now.describe().equals(other.now.describe());
    }

    /** The members read differently, {@code nr 5 at 16..23 -> nr 0 at 4..7}, or the refusal. */
    public String misread() {
      if (!(published instanceof ImageReading.Accepted p
          && now instanceof ImageReading.Accepted n)) {
        return now.describe();
      }
      List<String> out = new ArrayList<>();
      for (ImageReading.Value before : p.values()) {
        String after =
            n.value(before.member()).map(ImageReading.Value::describe).orElse("not read");
        if (!n.value(before.member()).map(v -> readAlike(before, v)).orElse(false)) {
          out.add(before.describe() + " -> " + after);
        }
      }
      for (ImageReading.Value added : n.values()) {
        if (p.value(added.member()).isEmpty() && added.value().signum() != 0) {
          out.add("new member " + added.describe());
        }
      }
      return String.join(", ", out);
    }

    private static boolean readAlike(ImageReading.Value before, ImageReading.Value after) {
      return before.value().equals(after.value())
          && (before.subOp() == null
              ? after.subOp() == null
              : after.subOp() != null && before.subOp().name().equals(after.subOp().name()));
    }

    String describe(String retiredIn) {
      String where = abis.stream().map(Abi::label).collect(Collectors.joining(" and "));
      return retiredIn == null
          ? GateMessage.IMAGE_WITNESS.text(
              where,
              bytes.length,
              StructImage.hex(bytes),
              published.describe(),
              now.describe(),
              misread())
          : GateMessage.IMAGE_WITNESS_REUSED.text(
              where,
              bytes.length,
              retiredIn,
              StructImage.hex(bytes),
              published.describe(),
              now.describe(),
              misread());
    }
  }

  public String describe() {
    return String.join("\n  ", images.stream().map(i -> i.describe(retiredIn)).toList());
  }
}
