package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.abilock.core.generate.Budget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers, docs and codecs: where they go, what they hold, and that they are byte-identical every
 * time.
 */
class OutputsTest {
  @TempDir Path dir;

  private static final JavaFileObject MEMORY =
      Sources.source(
          "MemoryOp",
          "@Continuable(name = \"memory_op\", compatWidth = 32, headerPrefix = \"MEMOP\")",
          "public class MemoryOp {",
          "  @Op(continues = \"startExtent\") static final int XENMEM_decrease_reservation = 1;",
          "  @Op static final int XENMEM_maximum_ram_page = 2;",
          "  @Op(continues = \"startIter\") static final int XENMEM_access_op = 21;",
          "  @Opcode(bits = 6) int cmd;",
          "  @ContinuationField(bits = 58, compatBits = 26, macro = \"MEMOP_EXTENT\") long startExtent;",
          "  @ContinuationField(shift = 6, bits = 58, compatBits = 26, encoding = Encoding.IN_PLACE) long startIter;",
          "}");

  private static final JavaFileObject MMU =
      Sources.source(
          "MmuUpdate",
          "@Continuable(name = \"mmu_update\", width = 32, headerPrefix = \"MMU_UPDATE\")",
          "public class MmuUpdate {",
          "  @ContinuationField(bits = 31) int count;",
          "  @ContinuationField(bits = 1, macro = \"MMU_UPDATE_PREEMPTED\") boolean preempted;",
          "}");

  private Compilation compile(Path manifest, JavaFileObject... sources) {
    return Sources.compile(
        List.of(
            "abilock.manifest=" + manifest,
            "abilock.mode=update",
            "abilock.headers=" + dir.resolve("include"),
            "abilock.docs=" + dir.resolve("docs")),
        sources);
  }

  private static String resource(Compilation c, String name) throws IOException {
    return c.generatedFile(StandardLocation.CLASS_OUTPUT, "", "abilock/" + name)
        .orElseThrow()
        .getCharContent(true)
        .toString();
  }

  @Test
  void headersAndDocsGoUnderClassOutputAndTheConfiguredFolders() throws IOException {
    Compilation c = compile(dir.resolve("abilock.manifest"), MEMORY, MMU);
    assertThat(c).succeeded();
    for (String name : List.of("memory_op.h", "mmu_update.h")) {
      assertEquals(resource(c, name), Files.readString(dir.resolve("include").resolve(name)));
    }
    for (String name :
        List.of("memory_op.md", "memory_op.svg", "mmu_update.md", "mmu_update.svg", "index.md")) {
      assertEquals(resource(c, name), Files.readString(dir.resolve("docs").resolve(name)));
    }
  }

  @Test
  void headerCarriesXensMacrosStatusesAndHelpers() throws IOException {
    Compilation c = compile(dir.resolve("abilock.manifest"), MEMORY, MMU);
    String memory = resource(c, "memory_op.h");
    assertTrue(
        memory.contains("#ifndef ABILOCK_MEMORY_OP_H\n#define ABILOCK_MEMORY_OP_H\n"), memory);
    assertTrue(memory.contains("#define MEMOP_CMD_MASK UINT64_C(0x000000000000003f)\n"), memory);
    assertTrue(memory.contains("#define MEMOP_EXTENT_SHIFT 6\n"), memory);
    assertTrue(
        memory.contains(
            "/* compat: bits 6..31; draft */\n#define MEMOP_EXTENT_COMPAT_MASK UINT64_C(0xffffffc0)\n"),
        memory);
    assertTrue(
        memory.contains("#define XENMEM_access_op 21 /* continues start_iter; draft */\n"), memory);
    assertTrue(
        memory.contains("static inline int memory_op_validate_compat(uint32_t word)"), memory);
    assertTrue(
        memory.contains("    return word & MEMOP_START_ITER_MASK;\n"),
        "in place getter does not shift");
    assertTrue(!memory.contains("MEMOP_CMD_COMPAT_MASK"), "compat masks only where they differ");

    String mmu = resource(c, "mmu_update.h");
    assertTrue(
        mmu.contains("#define MMU_UPDATE_PREEMPTED_MASK UINT64_C(0x0000000080000000)\n"), mmu);
    assertTrue(
        mmu.contains(
            "    return (word & ~(MMU_UPDATE_COUNT_MASK | MMU_UPDATE_PREEMPTED_MASK)) != 0"),
        "no opcode: every field");
    assertTrue(!mmu.contains("switch"), mmu);
  }

  /**
   * The codec's shape on a stream of mixed ops (benchmarks/profiling.md has the measurements); what
   * it computes, the property tests prove.
   */
  @Test
  void codecDecodesAtOneAllocationSiteAndValidatesWithoutBranchingOnTheOp() throws IOException {
    Compilation c = compile(dir.resolve("abilock.manifest"), MEMORY, MMU);
    String memory =
        c.generatedSourceFile("test.MemoryOpCodec").orElseThrow().getCharContent(true).toString();
    // C2 scalar-replaces a state only when one allocation reaches its uses.
    assertEquals(
        2,
        memory.split("new State\\(", -1).length - 1,
        "one in decode, one in decodeCompat: " + memory);
    assertTrue(
        memory.contains("long refused = op < REFUSED.length ? REFUSED[op] : -1L;\n"), memory);
    assertTrue(memory.contains("if (((word | CMD_MASK) & refused) != 0) {\n"), memory);
    // An allowed low run is tested as a shift: a mask such as ~0xffffffffL has no x86 immediate.
    String mmu =
        c.generatedSourceFile("test.MmuUpdateCodec").orElseThrow().getCharContent(true).toString();
    assertTrue(mmu.contains("if ((word >>> 32) != 0) {\n"), mmu);
  }

  @Test
  void publishedStatusesReachTheHeaderAndDocs() throws IOException {
    Path manifest = dir.resolve("abilock.manifest");
    assertThat(
            Sources.compile(
                List.of(
                    "abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release=4.5"),
                MMU))
        .succeeded();
    Compilation c = compile(manifest, MMU);
    assertTrue(
        resource(c, "mmu_update.h")
            .contains("/* field preempted: bits 31..31, shifted; published 4.5 */"));
    assertTrue(
        resource(c, "mmu_update.md")
            .contains(
                "| `preempted` | progress | 31..31 | `0x80000000` | shifted |"
                    + " `MMU_UPDATE_PREEMPTED_SHIFT`, `MMU_UPDATE_PREEMPTED_MASK` | published 4.5 |"));
  }

  @Test
  void svgIsWellFormedXml() throws Exception {
    Compilation c = compile(dir.resolve("abilock.manifest"), MEMORY, MMU);
    for (String name : List.of("memory_op.svg", "mmu_update.svg")) {
      var doc =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(resource(c, name).getBytes(StandardCharsets.UTF_8)));
      assertEquals("svg", doc.getDocumentElement().getTagName());
      assertTrue(doc.getElementsByTagName("rect").getLength() > 2, name);
    }
  }

  @Test
  void everyOutputIsByteIdenticalWhateverTheSourceOrderAndLocale() throws IOException {
    Map<String, String> first = outputs(dir.resolve("a"), MEMORY, MMU);
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR")); // 'i'.toUpperCase() is not 'I' there
      Map<String, String> second = outputs(dir.resolve("b"), MMU, MEMORY);
      assertEquals(first, second);
    } finally {
      Locale.setDefault(saved);
    }
    assertTrue(
        first
            .keySet()
            .containsAll(
                List.of(
                    "test/MemoryOpCodec.java",
                    "abilock/memory_op.h",
                    "abilock/memory_op.svg",
                    "abilock/index.md",
                    "manifest")),
        first.keySet().toString());
    first.forEach(
        (name, text) -> {
          assertTrue(!text.contains(dir.toString()), name + " holds an absolute path");
          assertTrue(
              !text.matches("(?s).*20[0-9][0-9]-[01][0-9]-[0-3][0-9].*"), name + " holds a date");
        });
  }

  /** The Xen handlers and argument structs of the examples module, as checked in. */
  private static List<JavaFileObject> exampleSources() throws IOException {
    List<JavaFileObject> files = new ArrayList<>();
    for (Path file : EclipseCompilerTest.xen()) {
      assertTrue(Files.exists(file), file.toAbsolutePath().toString());
      String name = file.getFileName().toString().replace(".java", "");
      files.add(
          JavaFileObjects.forSourceString(
              "dev.abilock.examples.xen." + name, Files.readString(file)));
    }
    return files;
  }

  /**
   * Clean builds of the examples, in shuffled source orders and under a Turkish default locale, in
   * update mode and in check mode over the checked-in manifest: byte for byte the same codecs,
   * headers, docs and manifest every time, and the checked-in manifest, headers and docs are what
   * the sources produce.
   */
  @Test
  void cleanBuildsOfTheExamplesAreByteIdenticalWhateverTheOrderAndLocale() throws IOException {
    long seed = Budget.seed("determinism");
    int builds = Budget.cases(5, 40);
    long start = System.nanoTime();
    List<JavaFileObject> sources = exampleSources();
    byte[] checkedIn = Files.readAllBytes(Path.of("..", "examples", "abilock.manifest"));
    java.util.Random random = new java.util.Random(seed);
    Map<String, String> first = null;
    Map<String, String> firstChecked = null;
    Locale saved = Locale.getDefault();
    try {
      for (int i = 0; i < builds; i++) {
        List<JavaFileObject> order = new ArrayList<>(sources);
        java.util.Collections.shuffle(order, random);
        Locale.setDefault(
            i % 2 == 1
                ? Locale.forLanguageTag("tr-TR")
                : saved); // 'i'.toUpperCase() is not 'I' there
        String what =
            "build "
                + i
                + " ("
                + order.stream().map(JavaFileObject::getName).toList()
                + ", "
                + Locale.getDefault()
                + ", seed "
                + seed
                + ")";
        // Update mode over the checked-in manifest (the examples retire published things, and a
        // retirement needs the published line it retires), then check mode against another copy.
        Path updated =
            Files.createDirectories(dir.resolve("fresh" + i)).resolve("abilock.manifest");
        Files.write(updated, checkedIn);
        Map<String, String> fresh =
            outputs(dir.resolve("fresh" + i), order.toArray(JavaFileObject[]::new));
        Path copy = Files.createDirectories(dir.resolve("checked" + i)).resolve("abilock.manifest");
        Files.write(copy, checkedIn);
        Compilation c =
            Sources.compile(
                List.of(
                    "abilock.manifest=" + copy,
                    "abilock.mode=check",
                    "abilock.headers=" + dir.resolve("checked" + i + "/include"),
                    "abilock.docs=" + dir.resolve("checked" + i + "/docs")),
                order.toArray(JavaFileObject[]::new));
        assertThat(c).succeededWithoutWarnings();
        Map<String, String> checked = generated(c);
        checked.put("manifest", new String(Files.readAllBytes(copy), StandardCharsets.UTF_8));
        if (first == null) {
          first = fresh;
          firstChecked = checked;
        } else {
          assertEquals(first, fresh, what);
          assertEquals(firstChecked, checked, what);
        }
      }
    } finally {
      Locale.setDefault(saved);
    }
    assertTrue(
        first
            .keySet()
            .containsAll(
                List.of(
                    "dev/abilock/examples/xen/MemoryOpCodec.java",
                    "abilock/memory_op.h",
                    "abilock/hvm_op.svg",
                    "abilock/index.md",
                    "dev/abilock/examples/xen/MemoryReservationCodec.java",
                    "abilock/xen_memory_reservation.h",
                    "manifest")),
        first.keySet().toString());
    assertEquals(new String(checkedIn, StandardCharsets.UTF_8), firstChecked.get("manifest"));
    // What is checked in under examples/abi is what the sources produce.
    for (String header :
        List.of(
            "grant_table_op.h",
            "hvm_op.h",
            "memory_op.h",
            "mmu_update.h",
            "xen_hvm_modified_memory.h",
            "xen_mem_access_op.h",
            "xen_memory_reservation.h")) {
      assertEquals(
          Files.readString(Path.of("..", "examples", "abi", "include", header)),
          firstChecked.get("abilock/" + header),
          header);
    }
    for (String doc :
        List.of(
            "memory_op.md",
            "memory_op.svg",
            "index.md",
            "mmu_update.md",
            "hvm_op.md",
            "xen_hvm_modified_memory.md",
            "xen_mem_access_op.md",
            "xen_mem_access_op.svg",
            "xen_memory_reservation.md",
            "xen_memory_reservation.svg")) {
      assertEquals(
          Files.readString(Path.of("..", "examples", "abi", "docs", doc)),
          firstChecked.get("abilock/" + doc),
          doc);
    }
    Budget.report("OutputsTest determinism (clean builds of the examples)", 2L * builds, start);
  }

  /** The generated sources and resources of a compile, by path below their output root. */
  private static Map<String, String> generated(Compilation c) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      String path = f.toUri().getPath();
      if (path.endsWith(".class")) {
        continue;
      }
      // mem:///SOURCE_OUTPUT/dev/abilock/examples/xen/MemoryOpCodec.java,
      // mem:///CLASS_OUTPUT/abilock/memory_op.h
      String key = path.substring(path.indexOf("_OUTPUT/") + "_OUTPUT/".length());
      out.put(key, f.getCharContent(true).toString());
    }
    return out;
  }

  /**
   * A compile in update mode with the manifest {@code at/abilock.manifest}, whether it exists yet
   * or not.
   */
  private Map<String, String> outputs(Path at, JavaFileObject... sources) throws IOException {
    Files.createDirectories(at);
    Path manifest = at.resolve("abilock.manifest");
    Compilation c = compile(manifest, sources);
    assertThat(c).succeeded();
    Map<String, String> out = generated(c);
    out.put("manifest", Files.readString(manifest));
    return out;
  }
}
