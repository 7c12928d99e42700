package dev.abilock.processor.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.generate.Evolution;
import dev.abilock.core.generate.LayoutSpec;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rule that picks a codec's shape, against what the model says of the words: which bits each op
 * in use lets a valid word set is found by reading words through {@link Layout#read}, not from the
 * masks the rule looks at.
 */
class CodecShapeTest {

  private static Manifest examples() throws Exception {
    return ManifestParser.parse(Files.readAllBytes(Path.of("..", "examples", "abilock.manifest")));
  }

  @Test
  void everyExampleLayoutHasTheShapeItsHandWrittenTwinHas() throws Exception {
    Manifest m = examples();
    // memory_op: fifteen ops allowing three distinct sets of bits; a table beats the switch.
    assertEquals(CodecShape.TABLE, CodecShape.of(m.layout("memory_op")));
    // hvm_op since 4.9 and grant_table_op on x86 since 4.21: no op in use continues, the valid
    // words are the op codes alone, and Xen switches on the whole word.
    assertEquals(CodecShape.WHOLE_WORD, CodecShape.of(m.layout("hvm_op")));
    assertEquals(CodecShape.WHOLE_WORD, CodecShape.of(m.layout("grant_table_op")));
    assertEquals(CodecShape.NO_OPCODE, CodecShape.of(m.layout("mmu_update")));
    // Before their retirements, ops of both continued with a field: two sets of bits each.
    assertEquals(CodecShape.TABLE, CodecShape.of(m.layout("hvm_op").withoutRetirements()));
    assertEquals(CodecShape.TABLE, CodecShape.of(m.layout("grant_table_op").withoutRetirements()));
    for (String name : m.continuables()) {
      assertExpected(m.layout(name));
      assertExpected(m.layout(name).withoutRetirements());
    }
  }

  @Test
  void whatTheRulePicksFollowsFromTheWordsOnRandomLayouts() {
    SplittableRandom r = new SplittableRandom(0x5ba9e);
    Map<CodecShape, Integer> seen = new EnumMap<>(CodecShape.class);
    for (int i = 0; i < 400; i++) {
      LayoutSpec spec = LayoutSpec.random(r, "s" + i, "S" + i, LayoutSpec.MODEL_ONLY);
      seen.merge(assertExpected(spec.layout("p")), 1, Integer::sum);
      // Evolutions retire ops, fields and whole continuables, and drop or add continues.
      for (int step = 0; step < 3; step++) {
        spec = Evolution.evolve(r, spec, new ArrayList<>(), LayoutSpec.MODEL_ONLY);
        seen.merge(assertExpected(spec.layout("p")), 1, Integer::sum);
      }
    }
    for (CodecShape shape :
        List.of(CodecShape.NO_OPCODE, CodecShape.WHOLE_WORD, CodecShape.TABLE, CodecShape.SWITCH)) {
      assertTrue(
          seen.getOrDefault(shape, 0) > 20, "too few layouts of shape " + shape + ": " + seen);
    }
  }

  /** Checks the rule's choice for {@code layout} against the model's words; returns it. */
  private static CodecShape assertExpected(Layout layout) {
    CodecShape shape = CodecShape.of(layout);
    assertEquals(expected(layout), shape, layout::toString);
    return shape;
  }

  /** The shape, derived from which words the model reads as valid, retired or refused. */
  private static CodecShape expected(Layout layout) {
    if (layout.isRetired()) {
      return CodecShape.RETIRED;
    }
    Field opcode = layout.opcode().orElse(null);
    if (opcode == null) {
      return CodecShape.NO_OPCODE;
    }
    List<Op> live = new ArrayList<>();
    for (Op op : layout.ops()) {
      if (layout.read(opcode.place(op.code()), false) instanceof Reading.Accepted) {
        live.add(op);
      }
    }
    if (live.isEmpty()) {
      return CodecShape.NONE_VALID;
    }
    Set<List<Long>> sets = new HashSet<>();
    boolean carries = false;
    boolean retiredFields = false;
    for (Op op : live) {
      List<Long> set = new ArrayList<>();
      for (boolean compat : layout.hasCompat() ? List.of(false, true) : List.of(false)) {
        long accepted = 0;
        long retired = 0;
        for (int bit = 0; bit < layout.width(compat); bit++) {
          long b = 1L << bit;
          if ((b & opcode.mask()) != 0) {
            continue; // another op's code
          }
          Reading reading = layout.read(opcode.place(op.code()) | b, compat);
          if (reading instanceof Reading.Accepted) {
            accepted |= b;
          } else if (reading instanceof Reading.Retired) {
            retired |= b;
          }
        }
        set.add(accepted);
        set.add(retired);
        carries |= accepted != 0 || retired != 0;
        retiredFields |= retired != 0;
      }
      sets.add(set);
    }
    boolean intOpcode = opcode.bits() < 32;
    if (intOpcode && !carries) {
      return CodecShape.WHOLE_WORD;
    }
    long top = layout.ops().stream().mapToLong(Op::code).max().orElseThrow();
    return intOpcode && top < 256 && !retiredFields && sets.size() > 1
        ? CodecShape.TABLE
        : CodecShape.SWITCH;
  }
}
