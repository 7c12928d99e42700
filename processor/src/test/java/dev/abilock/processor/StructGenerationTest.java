package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.abilock.runtime.AbiViolationException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the processor generates for an argument struct: the codec (loaded and called, with the
 * members' real Java names and types), the header and the docs, in the same places as the words',
 * linked both ways with the ops that read the struct; and nothing but codecs while an error stands.
 */
class StructGenerationTest {
  @TempDir Path dir;

  static final JavaFileObject MODIFIED_MEMORY =
      Sources.source(
          "HvmModifiedMemory",
          "@AbiStruct(name = \"xen_hvm_modified_memory\", compat = Compat.SAME)",
          "public final class HvmModifiedMemory {",
          "  @Member(type = CType.U16) int domain;",
          "  @Pad short pad0;",
          "  @Member(type = CType.U32, name = \"nr\") long count;",
          "  @Member(type = CType.U64, align = 8) long firstPfn;",
          "}");

  static final JavaFileObject ACCESS = access("  @Retired(release = \"4.7\", reason = \"unused\")");

  /** As published at 4.6, before {@code enable_emulate} was retired. */
  static final JavaFileObject ACCESS_46 = access("");

  private static JavaFileObject access(String retired) {
    return Sources.source(
        "MemAccessOp",
        "@AbiStruct(name = \"xen_mem_access_op\", compat = Compat.SAME)",
        "public final class MemAccessOp {",
        "  @SubOp(member = \"op\") public static final int XENMEM_access_op_set_access = 0;",
        "  @SubOp(member = \"op\") public static final int XENMEM_access_op_get_access = 1;",
        retired,
        "  @SubOp(member = \"op\") public static final int XENMEM_access_op_enable_emulate = 2;",
        "  @Member(type = CType.U8) byte op;",
        "  @Member(type = CType.U8) byte access;",
        "  @Member(type = CType.U16) short domid;",
        "  @Member(type = CType.U32) int nr;",
        "  @Member(type = CType.U64, align = 8) long pfn;",
        "}");
  }

  static final JavaFileObject RESERVATION =
      Sources.source(
          "MemoryReservation",
          "@AbiStruct(name = \"xen_memory_reservation\", compat = Compat.TRANSLATED,"
              + " headerPrefix = \"XENMEM_RES\")",
          "public final class MemoryReservation {",
          "  @Member(type = CType.HANDLE) long extentStart;",
          "  @Member(type = CType.ULONG) long nrExtents;",
          "  @Member(type = CType.U32) int extentOrder;",
          "  @Member(type = CType.U32) int memFlags;",
          "  @Member(type = CType.U16) short domid;",
          "  @Pad(trailing = true, mustBeZero = false) byte[] tail;",
          "}");

  static final JavaFileObject HVM_OP =
      Sources.source(
          "HvmOp",
          "@Continuable(name = \"hvm_op\")",
          "public class HvmOp {",
          "  @Opcode(bits = 8) int cmd;",
          "  @Op public static final int HVMOP_set_param = 0;",
          "  @Op(reads = {HvmModifiedMemory.class})",
          "  public static final int HVMOP_modified_memory = 7;",
          "}");

  static final JavaFileObject MEMORY_OP =
      Sources.source(
          "MemoryOp",
          "@Continuable(name = \"memory_op\", compatWidth = 32)",
          "public class MemoryOp {",
          "  @Opcode(bits = 6) int cmd;",
          "  @Op(reads = {MemoryReservation.class})",
          "  public static final int XENMEM_decrease_reservation = 1;",
          "  @Op(reads = MemAccessOp.class) public static final int XENMEM_access_op = 21;",
          "}");

  /**
   * An update over a manifest where {@code xen_mem_access_op} was published at 4.6 (a retirement
   * needs the published line it retires).
   */
  private Compilation compile(JavaFileObject... files) {
    Path manifest = dir.resolve("abilock.manifest");
    if (!Files.exists(manifest)) {
      assertThat(
              Sources.compile(
                  List.of(
                      "abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release=4.6"),
                  ACCESS_46))
          .succeeded();
    }
    return Sources.compile(
        List.of(
            "abilock.manifest=" + manifest,
            "abilock.mode=update",
            "abilock.headers=" + dir.resolve("include"),
            "abilock.docs=" + dir.resolve("docs")),
        files);
  }

  private Compilation all() {
    Compilation c = compile(MODIFIED_MEMORY, ACCESS, RESERVATION, HVM_OP, MEMORY_OP);
    assertThat(c).succeededWithoutWarnings();
    return c;
  }

  private static Class<?> codec(Compilation c, String name) throws ClassNotFoundException {
    return new LoadedCodec.MemoryLoader(c).loadClass("test." + name);
  }

  private static Object call(Class<?> codec, String name, Object... args) throws Throwable {
    Method m =
        Arrays.stream(codec.getMethods())
            .filter(x -> x.getName().equals(name) && x.getParameterCount() == args.length)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + name + "/" + args.length + " in codec"));
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String resource(Compilation c, String name) throws IOException {
    return c.generatedFile(StandardLocation.CLASS_OUTPUT, "", "abilock/" + name)
        .orElseThrow(() -> new AssertionError("no abilock/" + name))
        .getCharContent(true)
        .toString();
  }

  @Test
  void codecTakesTheMembersJavaNamesAndTypes() throws Throwable {
    Class<?> codec = codec(all(), "HvmModifiedMemoryCodec");
    assertEquals(16, codec.getField("SIZE").getInt(null));
    assertEquals(4, codec.getField("NR_OFFSET").getInt(null));
    assertEquals(2, codec.getField("PAD0_SIZE").getInt(null));
    // The Java name and type, not the ABI name: `count` is a long holding a u32.
    assertEquals(long.class, codec.getMethod("count", ByteBuffer.class, int.class).getReturnType());
    assertEquals(int.class, codec.getMethod("domain", ByteBuffer.class, int.class).getReturnType());
    Class<?> state = Class.forName(codec.getName() + "$State", true, codec.getClassLoader());
    assertTrue(state.isRecord());
    RecordComponent[] components = state.getRecordComponents();
    assertArrayEquals(
        new String[] {"domain", "count", "firstPfn"},
        Arrays.stream(components).map(RecordComponent::getName).toArray());
    assertArrayEquals(
        new Class<?>[] {int.class, long.class, long.class},
        Arrays.stream(components).map(RecordComponent::getType).toArray());
  }

  @Test
  void codecWritesReadsValidatesAndDecodesAnImage() throws Throwable {
    Class<?> codec = codec(all(), "HvmModifiedMemoryCodec");
    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.BIG_ENDIAN); // order is ignored
    call(codec, "domain", b, 4, 0xfffe);
    call(codec, "count", b, 4, 0xffff_fff0L);
    call(codec, "firstPfn", b, 4, 0x1234_5678_9abcL);
    assertEquals((byte) 0xfe, b.get(4), "little-endian at an absolute index");
    assertEquals(0xffff_fff0L, call(codec, "count", b, 4));
    Object s = call(codec, "decode", b, 4);
    assertEquals(0xfffe, s.getClass().getMethod("domain").invoke(s));
    assertEquals(0xffff_fff0L, s.getClass().getMethod("count").invoke(s));
    assertEquals(0x1234_5678_9abcL, s.getClass().getMethod("firstPfn").invoke(s));
    // A setter refuses a value its C type cannot hold.
    assertThrows(AbiViolationException.class, () -> call(codec, "count", b, 4, 0x1_0000_0000L));
    assertThrows(AbiViolationException.class, () -> call(codec, "domain", b, 4, 0x10000));
    // A non-zero must-be-zero pad, and an image out of the buffer, are refused.
    b.put(4 + 2, (byte) 1);
    AbiViolationException pad =
        assertThrows(AbiViolationException.class, () -> call(codec, "validate", b, 4));
    assertTrue(pad.getMessage().contains("pad0"), pad.getMessage());
    b.put(4 + 2, (byte) 0);
    assertThrows(AbiViolationException.class, () -> call(codec, "validate", b, 5));
  }

  @Test
  void subOpsAreCheckedAndARetiredOneIsRefusedSayingWhy() throws Throwable {
    Class<?> codec = codec(all(), "MemAccessOpCodec");
    ByteBuffer b = ByteBuffer.allocate(16);
    call(codec, "op", b, 0, (byte) 1);
    call(codec, "validate", b, 0);
    call(codec, "op", b, 0, (byte) 2);
    AbiViolationException retired =
        assertThrows(AbiViolationException.class, () -> call(codec, "validate", b, 0));
    assertTrue(retired.getMessage().contains("retired in 4.7: unused"), retired.getMessage());
    call(codec, "op", b, 0, (byte) 3);
    assertThrows(AbiViolationException.class, () -> call(codec, "decode", b, 0));
  }

  @Test
  void translatedStructGetsCompatTwinsAndTranslators() throws Throwable {
    Class<?> codec = codec(all(), "MemoryReservationCodec");
    assertEquals(32, codec.getField("SIZE").getInt(null));
    assertEquals(20, codec.getField("COMPAT_SIZE").getInt(null));
    ByteBuffer compat = ByteBuffer.allocate(20);
    call(codec, "extentStartCompat", compat, 0, 0xffff_f000L);
    call(codec, "nrExtentsCompat", compat, 0, 512L);
    call(codec, "extentOrderCompat", compat, 0, 9);
    call(codec, "domidCompat", compat, 0, (short) 0x7ff0);
    ByteBuffer nat = ByteBuffer.allocate(32);
    call(codec, "compatToNative", compat, 0, nat, 0);
    Object s = call(codec, "decode", nat, 0);
    assertEquals(0xffff_f000L, s.getClass().getMethod("extentStart").invoke(s));
    assertEquals(512L, s.getClass().getMethod("nrExtents").invoke(s));
    assertEquals(9, s.getClass().getMethod("extentOrder").invoke(s));
    assertEquals((short) 0x7ff0, s.getClass().getMethod("domid").invoke(s));
    // A native handle above 4 GiB has no compat image.
    call(codec, "extentStart", nat, 0, 0x1_0000_0000L);
    assertThrows(
        AbiViolationException.class, () -> call(codec, "nativeToCompat", nat, 0, compat, 0));
  }

  @Test
  void headersAndDocsGoBesideTheWordsAndLinkBothWays() throws IOException {
    Compilation c = all();
    for (String name :
        List.of("xen_hvm_modified_memory.h", "xen_mem_access_op.h", "xen_memory_reservation.h")) {
      assertEquals(resource(c, name), Files.readString(dir.resolve("include").resolve(name)));
    }
    for (String name :
        List.of(
            "xen_hvm_modified_memory.md",
            "xen_hvm_modified_memory.svg",
            "xen_memory_reservation.md",
            "xen_memory_reservation.svg",
            "index.md")) {
      assertEquals(resource(c, name), Files.readString(dir.resolve("docs").resolve(name)));
    }
    String header = resource(c, "xen_memory_reservation.h");
    assertTrue(header.contains("struct xen_memory_reservation {"), header);
    assertTrue(header.contains("XENMEM_RES_"), "headerPrefix reaches the helpers: " + header);
    assertTrue(
        resource(c, "xen_mem_access_op.h").contains("#define XENMEM_access_op_get_access 1"),
        "sub-op constants by their Java names");

    String index = resource(c, "index.md");
    assertTrue(index.contains("[hvm_op](hvm_op.md)"), index);
    assertTrue(index.contains("## Argument structs"), index);
    assertTrue(
        index.contains(
            "| [xen_memory_reservation](xen_memory_reservation.md) | `test.MemoryReservation` |"
                + " translated | 32 | 20 | `XENMEM_decrease_reservation` | draft |"),
        index);
    String hvm = resource(c, "hvm_op.md");
    assertTrue(
        hvm.contains(
            "| `HVMOP_modified_memory` | [`xen_hvm_modified_memory`](xen_hvm_modified_memory.md)"
                + " | draft |"),
        hvm);
    String struct = resource(c, "xen_hvm_modified_memory.md");
    assertTrue(struct.contains("- `HVMOP_modified_memory` of [hvm_op](hvm_op.md)\n"), struct);
  }

  @Test
  void aRelease17CompileGivesCodecsWithoutForeignMemory() throws IOException {
    Compilation c =
        Sources.compileWithJavacOptions(
            List.of("--release", "17"),
            Files.createDirectories(dir.resolve("release17")).resolve("abilock.manifest"),
            "update",
            MODIFIED_MEMORY,
            ACCESS_46,
            RESERVATION);
    assertThat(c).succeeded();
    List<JavaFileObject> codecs =
        c.generatedSourceFiles().stream().filter(f -> f.getName().endsWith("Codec.java")).toList();
    assertEquals(3, codecs.size(), codecs.toString());
    for (JavaFileObject codec : codecs) {
      String text = codec.getCharContent(true).toString();
      assertFalse(text.contains("java.lang.foreign"), codec.getName());
      assertFalse(text.contains("MemorySegment"), codec.getName());
      assertFalse(text.contains("LAYOUT"), codec.getName());
    }
  }

  @Test
  void outputIsTheSameWhateverTheSourceOrder() throws IOException {
    Compilation a = all();
    String index = resource(a, "index.md");
    String header = resource(a, "xen_memory_reservation.h");
    String codec =
        a.generatedSourceFile("test.MemoryReservationCodec")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    Files.delete(dir.resolve("abilock.manifest"));
    Compilation b = compile(MEMORY_OP, HVM_OP, RESERVATION, ACCESS, MODIFIED_MEMORY);
    assertThat(b).succeeded();
    assertEquals(index, resource(b, "index.md"));
    assertEquals(header, resource(b, "xen_memory_reservation.h"));
    assertEquals(
        codec,
        b.generatedSourceFile("test.MemoryReservationCodec")
            .orElseThrow()
            .getCharContent(true)
            .toString());
  }

  @Test
  void aStructWithoutOpsGetsItsIndexToo() throws IOException {
    Compilation c = compile(ACCESS);
    assertThat(c).succeeded();
    assertTrue(resource(c, "index.md").contains("| no op |"), resource(c, "index.md"));
    assertTrue(Files.exists(dir.resolve("include").resolve("xen_mem_access_op.h")));
  }

  @Test
  void aGoodStructKeepsItsCodecWhileAnotherClassHasErrorsButNothingElseIsWritten() {
    JavaFileObject bad =
        Sources.source(
            "Bad",
            "@AbiStruct(name = \"bad\")",
            "public final class Bad {",
            "  @Member(type = CType.U32) short a;",
            "}");
    Compilation c = compile(ACCESS, bad);
    assertThat(c).failed();
    List<String> names =
        Sources.generatedFilesEvenIfFailed(c).stream().map(JavaFileObject::getName).toList();
    assertTrue(names.stream().anyMatch(n -> n.endsWith("MemAccessOpCodec.java")), names.toString());
    assertFalse(names.stream().anyMatch(n -> n.endsWith("BadCodec.java")), names.toString());
    assertFalse(names.stream().anyMatch(n -> n.contains("abilock/")), names.toString());
    assertFalse(Files.exists(dir.resolve("include")));
    assertFalse(Files.exists(dir.resolve("docs")));
  }
}
