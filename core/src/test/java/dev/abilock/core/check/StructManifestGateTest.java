package dev.abilock.core.check;

import static dev.abilock.core.model.struct.XenStructs.HVM_MODIFIED_MEMORY_44;
import static dev.abilock.core.model.struct.XenStructs.HVM_MODIFIED_MEMORY_45;
import static dev.abilock.core.model.struct.XenStructs.MEM_ACCESS_OP_45;
import static dev.abilock.core.model.struct.XenStructs.MEM_ACCESS_OP_46;
import static dev.abilock.core.model.struct.XenStructs.withSubOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.Encoding;
import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.FactKey;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.manifest.Status;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.SubOp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Xen's two in-flight struct breaks replayed through the manifest: published, written, read back,
 * then held against the next release's sources by gate B.
 */
class StructManifestGateTest {
  private static final Retirement GONE = new Retirement("4.6", "no longer needed");

  /** The manifest published at {@code release} for {@code structs}, as written and read back. */
  private static Manifest published(String release, StructDecl... structs)
      throws ManifestException {
    return ManifestParser.parse(
        Manifest.of(List.of(), List.of(structs), Manifest.empty(), release).render());
  }

  private static List<String> ids(Collection<StructBreak> breaks) {
    return breaks.stream().map(b -> b.rule().id()).toList();
  }

  private static StructDecl retired(StructDecl s, Retirement r) {
    return new StructDecl(s.name(), s.className(), s.compat(), s.slots(), s.subOps(), r);
  }

  private static StructDecl renamed(StructDecl s, String name) {
    return new StructDecl(name, s.className() + "V2", s.compat(), s.slots(), s.subOps());
  }

  @Test
  void xen44To45ModifiedMemoryFailsWithTheWitnessImage() throws Exception {
    Manifest old = published("4.4", HVM_MODIFIED_MEMORY_44);
    List<StructBreak> breaks = StructCompatibility.check(old, List.of(HVM_MODIFIED_MEMORY_45));
    assertEquals(List.of("struct-size-changed", "struct-member-moved"), ids(breaks));
    StructBreak nr = breaks.get(1);
    ImageWitness.Image image = nr.witness().orElseThrow().images().get(0);
    assertEquals("nr 5 at 16..23 -> nr 0 at 4..7", image.misread());
    assertTrue(nr.render().contains("witness image on x86_64 and x86_32 (24 bytes)"), nr.render());
  }

  @Test
  void theWayOutPassesAndKeepsTheRetiredRecord() throws Exception {
    Manifest old = published("4.4", HVM_MODIFIED_MEMORY_44);
    StructDecl kept = retired(HVM_MODIFIED_MEMORY_44, new Retirement("4.5", "nr is a u32 at 4"));
    StructDecl v2 = renamed(HVM_MODIFIED_MEMORY_45, "xen_hvm_modified_memory_v2");
    assertEquals(List.of(), StructCompatibility.check(old, List.of(kept, v2)));
    Manifest next = Manifest.of(List.of(), List.of(kept, v2), old, null);
    Manifest read = ManifestParser.parse(next.render());
    assertEquals(next.render(), read.render());
    Status s = read.line(FactKey.struct("xen_hvm_modified_memory")).orElseThrow().status();
    assertEquals("published 4.4 retired 4.5 \"nr is a u32 at 4\"", s.toString());
    assertEquals(
        Status.DRAFT,
        read.line(FactKey.struct("xen_hvm_modified_memory_v2")).orElseThrow().status());
    // The retired struct stays in the published view, so deleting it later is still a break.
    assertEquals(kept, read.publishedStruct("xen_hvm_modified_memory").orElseThrow());
    assertEquals(List.of("retired-removed"), ids(StructCompatibility.check(read, List.of(v2))));
  }

  @Test
  void xen45To46SubOpRenumberingFailsNamingTheRenumberedSubOps() throws Exception {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    List<StructBreak> breaks = StructCompatibility.check(old, List.of(MEM_ACCESS_OP_46));
    assertEquals(
        List.of(
            "sub-op-removed",
            "sub-op-renumbered",
            "sub-op-renumbered",
            "sub-op-renumbered",
            "sub-op-renumbered"),
        ids(breaks));
    assertEquals(
        List.of(
            "XENMEM_access_op_set_access",
            "XENMEM_access_op_get_access",
            "XENMEM_access_op_enable_emulate",
            "XENMEM_access_op_disable_emulate"),
        breaks.stream().skip(1).map(b -> b.target().name()).toList());
  }

  private static final StructDecl RESUME_RETIRED =
      withSubOps(
          MEM_ACCESS_OP_45,
          new SubOp("XENMEM_access_op_resume", 0, "op").withRetirement(GONE),
          new SubOp("XENMEM_access_op_set_access", 1, "op"),
          new SubOp("XENMEM_access_op_get_access", 2, "op"),
          new SubOp("XENMEM_access_op_enable_emulate", 3, "op"),
          new SubOp("XENMEM_access_op_disable_emulate", 4, "op"));

  @Test
  void retiringResumeWhileKeepingTheNumbersPasses() throws Exception {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    assertEquals(List.of(), StructCompatibility.check(old, List.of(RESUME_RETIRED)));
    Manifest next =
        ManifestParser.parse(Manifest.of(List.of(), List.of(RESUME_RETIRED), old, null).render());
    assertEquals(
        "published 4.5 retired 4.6 \"no longer needed\"",
        next.line(FactKey.subOp("xen_mem_access_op", "XENMEM_access_op_resume"))
            .orElseThrow()
            .status()
            .toString());
  }

  @Test
  void retiringResumeIsNotedOnceForUpdateMode() throws Exception {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    List<Note> notes = StructCompatibility.newRetirements(old, List.of(RESUME_RETIRED));
    assertEquals(1, notes.size());
    assertEquals(
        "[retired-note] xen_mem_access_op: sub-op XENMEM_access_op_resume retired in 4.6: no longer"
            + " needed; it keeps its value 0 reserved, and a guest's saved image of it is refused"
            + " saying so",
        notes.get(0).format());
    Manifest next =
        ManifestParser.parse(Manifest.of(List.of(), List.of(RESUME_RETIRED), old, null).render());
    assertEquals(List.of(), StructCompatibility.newRetirements(next, List.of(RESUME_RETIRED)));
  }

  @Test
  void reusingARetiredSubOpNumberFails() throws Exception {
    Manifest old = published("4.6", RESUME_RETIRED);
    StructDecl reused =
        withSubOps(
            MEM_ACCESS_OP_45,
            new SubOp("XENMEM_access_op_probe", 0, "op"),
            new SubOp("XENMEM_access_op_set_access", 1, "op"),
            new SubOp("XENMEM_access_op_get_access", 2, "op"),
            new SubOp("XENMEM_access_op_enable_emulate", 3, "op"),
            new SubOp("XENMEM_access_op_disable_emulate", 4, "op"));
    List<StructBreak> breaks = StructCompatibility.check(old, List.of(reused));
    assertTrue(ids(breaks).contains("retired-sub-op-reused"), ids(breaks).toString());
  }

  @Test
  void aNewSubOpIsADraftAndPasses() throws Exception {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    List<SubOp> more = new java.util.ArrayList<>(MEM_ACCESS_OP_45.subOps());
    more.add(new SubOp("XENMEM_access_op_set_access_multi", 5, "op"));
    StructDecl now = withSubOps(MEM_ACCESS_OP_45, more.toArray(SubOp[]::new));
    assertEquals(List.of(), StructCompatibility.check(old, List.of(now)));
    Manifest next = Manifest.of(List.of(), List.of(now), old, null);
    assertEquals(
        Status.DRAFT,
        next.line(FactKey.subOp("xen_mem_access_op", "XENMEM_access_op_set_access_multi"))
            .orElseThrow()
            .status());
    assertEquals(
        Status.published("4.5"),
        next.line(FactKey.struct("xen_mem_access_op")).orElseThrow().status());
  }

  private static Layout memoryOp(List<String> reads) {
    return new Layout(
        "memory_op",
        "org.example.xen.MemoryOp",
        64,
        0,
        List.of(
            new Field("cmd", true, Encoding.SHIFTED, 0, 6, 0, null),
            new Field("start_iter", false, Encoding.IN_PLACE, 6, 58, 0, null)),
        List.of(new Op("XENMEM_access_op", 21, List.of("start_iter"), List.of(), null, reads)),
        null);
  }

  @Test
  void anOpThatStopsReadingAStructBreaks() throws Exception {
    Manifest old =
        ManifestParser.parse(
            Manifest.of(
                    List.of(memoryOp(List.of("xen_mem_access_op"))),
                    List.of(MEM_ACCESS_OP_45),
                    Manifest.empty(),
                    "4.5")
                .render());
    assertEquals(
        List.of("xen_mem_access_op"),
        old.publishedLayout("memory_op").orElseThrow().op("XENMEM_access_op").get().reads());
    Compatibility.Breaks kept =
        Compatibility.check(
            old,
            Map.of("memory_op", memoryOp(List.of("xen_mem_access_op"))),
            List.of(MEM_ACCESS_OP_45));
    assertTrue(kept.isEmpty(), kept.toString());
    Compatibility.Breaks dropped =
        Compatibility.check(
            old, Map.of("memory_op", memoryOp(List.of())), List.of(MEM_ACCESS_OP_45));
    assertEquals(List.of(), dropped.structs());
    Break b = dropped.words().get(0);
    assertEquals(GateMessage.OP_STOPPED_READING, b.rule());
    assertEquals(Target.op("memory_op", "XENMEM_access_op", "reads"), b.target());
    assertEquals(
        "[op-stopped-reading] memory_op: published op XENMEM_access_op no longer reads struct"
            + " xen_mem_access_op",
        b.headline());
  }

  @Test
  void retiringWhatWasNeverPublishedIsARetiredDraft() throws Exception {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    List<SubOp> subOps = new java.util.ArrayList<>(MEM_ACCESS_OP_45.subOps());
    subOps.add(new SubOp("XENMEM_access_op_new", 9, "op").withRetirement(GONE));
    List<StructBreak> breaks =
        StructCompatibility.check(
            old,
            List.of(
                withSubOps(MEM_ACCESS_OP_45, subOps.toArray(SubOp[]::new)),
                retired(HVM_MODIFIED_MEMORY_45, GONE)));
    assertEquals(List.of("retired-draft", "retired-draft"), ids(breaks));
    assertEquals("xen_hvm_modified_memory", breaks.get(0).target().struct());
    assertEquals("XENMEM_access_op_new", breaks.get(1).target().name());
  }
}
