package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.testing.compile.Compilation;
import dev.abilock.core.GateMessage;
import dev.abilock.core.check.Break;
import dev.abilock.core.check.Compatibility;
import dev.abilock.core.check.GateOracle;
import dev.abilock.core.generate.Budget;
import dev.abilock.core.generate.Evolution;
import dev.abilock.core.generate.LayoutSpec;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Reading;
import dev.abilock.runtime.AbiViolationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gate B's soundness, by properties rather than examples: a build that passes it never lets an
 * in-flight continuation be misread, and each break it reports is real.
 *
 * <p>Model level (fast, many cases): a random published layout evolves over several releases by
 * random source edits ({@link Evolution}); at each step, with the manifest's published layout as
 * Gate B sees it,
 *
 * <ul>
 *   <li>no break: every sampled word valid under <em>any</em> earlier release reads the same now,
 *       and update mode keeps every published manifest line;
 *   <li>a break with a witness: the witness is valid under the published layout and read
 *       differently (or refused) now, as the witness says;
 *   <li>a break without a witness: a published constant really changed;
 *   <li>a misread word exists: some break carries a witness;
 *   <li>and Gate B breaks exactly when a published constant changes, by an independent statement of
 *       the rules ({@link GateOracle#publishedChanges}).
 * </ul>
 *
 * Codec level (compiled, fewer cases): old and evolved sources compiled with the processor; the
 * build passes exactly when the model says so, a failing build reports the model's rule ids on each
 * continuable and leaves the manifest byte for byte, and for a passing build every word saved by
 * the old codec decodes the same with the new one.
 */
class GateSoundnessTest {
  private static final String PKG = "gen";

  @TempDir Path dir;

  /** What the model-level runs saw, to show the properties were not vacuous. */
  static final class Stats {
    long steps;
    long passed;
    long broke;
    long misreadCaught;
    long words;
    final Map<String, Long> rules = new TreeMap<>();
  }

  @Test
  void aBuildPassingGateBNeverMisreadsASavedWordAndEveryBreakIsReal() {
    long seed = Budget.seed("gate-b-model");
    int chains = Budget.cases(500, 50_000);
    Stats stats = new Stats();
    long start = System.nanoTime();
    qt().withExamples(chains)
        .withFixedSeed(seed)
        .withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(caseSeed -> chain(caseSeed, stats));
    // Not vacuous: both outcomes are common, and misreadings were caught.
    assertTrue(
        stats.passed > stats.steps / 5,
        "too few evolutions pass Gate B: " + stats.passed + "/" + stats.steps);
    assertTrue(
        stats.broke > stats.steps / 5,
        "too few evolutions break: " + stats.broke + "/" + stats.steps);
    assertTrue(
        stats.misreadCaught > stats.steps / 20, "too few misreadings: " + stats.misreadCaught);
    System.out.println(
        "[abilock-cases] Gate B model: "
            + stats.steps
            + " evolutions, "
            + stats.passed
            + " passed, "
            + stats.broke
            + " broke ("
            + stats.misreadCaught
            + " with a misread saved word), "
            + stats.words
            + " saved words checked; rules seen: "
            + stats.rules);
    Budget.report("GateSoundnessTest model level (evolution steps)", stats.steps, start);
  }

  /** One random layout through several releases. */
  static void chain(long caseSeed, Stats stats) {
    SplittableRandom r = new SplittableRandom(caseSeed);
    LayoutSpec current = JavaSource.random(r, "c", "C");
    Manifest manifest =
        GateOracle.reparse(Manifest.of(List.of(current.layout(PKG)), Manifest.empty(), "r0"));
    List<Layout> releases = new ArrayList<>(List.of(manifest.publishedLayout("c").orElseThrow()));
    List<String> history = new ArrayList<>(List.of("r0:\n" + JavaSource.source(current, PKG)));
    int steps = 1 + r.nextInt(4);
    for (int step = 1; step <= steps; step++) {
      List<String> edits = new ArrayList<>();
      LayoutSpec next = JavaSource.evolve(r, current, edits);
      Layout now = next.layout(PKG);
      Layout published = manifest.publishedLayout("c").orElseThrow();
      String context =
          "case seed "
              + caseSeed
              + " ("
              + Budget.replay()
              + "), step "
              + step
              + ", edits "
              + edits
              + "\n--- history:\n"
              + String.join("\n", history)
              + "\n--- published manifest:\n"
              + manifest.render()
              + "--- now:\n"
              + JavaSource.source(next, PKG);
      try {
        List<Break> breaks = Compatibility.check(manifest, Map.of("c", now));
        stats.steps++;
        breaks.forEach(b -> stats.rules.merge(b.rule().id(), 1L, Long::sum));
        GateOracle.checkBreaks(breaks, published, now);
        GateOracle.Misread misread =
            GateOracle.findMisread(
                releases,
                published,
                now,
                (layout, compat) -> savedWords(r, layout, compat, 48),
                n -> stats.words += n);
        List<String> changes = GateOracle.publishedChanges(published, now);
        if (misread != null) {
          stats.misreadCaught++;
          assertTrue(!breaks.isEmpty(), "Gate B passed, but a saved word is misread: " + misread);
          assertTrue(
              breaks.stream().anyMatch(b -> b.witness().isPresent()),
              "a saved word is misread ("
                  + misread
                  + "), yet no break shows a witness:\n"
                  + render(breaks));
        }
        assertEquals(
            changes.isEmpty(),
            breaks.isEmpty(),
            "published constants changed: " + changes + "; Gate B says:\n" + render(breaks));
        if (!breaks.isEmpty()) {
          stats.broke++;
          continue; // the build fails; the sources go back to what was released
        }
        stats.passed++;
        String release = r.nextBoolean() ? "r" + step : null;
        Manifest updated = GateOracle.reparse(Manifest.of(List.of(now), manifest, release));
        GateOracle.assertPublishedLinesKept(manifest, updated);
        manifest = updated;
        current = next;
        history.add(
            (release == null ? "draft" : release)
                + " ("
                + edits
                + "):\n"
                + JavaSource.source(next, PKG));
        if (release != null) {
          releases.add(manifest.publishedLayout("c").orElseThrow());
        }
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\n" + context, e);
      }
    }
  }

  /**
   * Words a guest may hold under {@code layout}: every op that continues with small, extreme and
   * random values, and valid noise. An op that never continues is never preempted, so no guest
   * holds a saved word of it.
   */
  static List<Long> savedWords(SplittableRandom r, Layout layout, boolean compat, int random) {
    List<Long> words = new ArrayList<>();
    List<Op> ops =
        layout.opcode().isPresent() ? layout.ops() : java.util.Collections.singletonList(null);
    for (Op op : ops) {
      if (op != null && op.continues().isEmpty()) {
        continue;
      }
      long base = op == null ? 0 : layout.opcode().get().place(op.code());
      words.add(base);
      for (Field f : layout.fieldsUsedBy(op)) {
        if (f.opcode()) {
          continue;
        }
        long max = compat ? f.compatMax() : f.max();
        for (long v : new long[] {Long.lowestOneBit(max), Long.highestOneBit(max), max}) {
          words.add(base | f.place(v));
        }
      }
    }
    for (int i = 0; i < random; i++) {
      long w =
          i % 3 == 2
              ? CodecPropertiesTest.randomWord(r, layout, compat)
              : CodecPropertiesTest.validWord(r, layout, compat);
      if (layout.read(w, compat) instanceof Reading.Accepted a
          && (a.op() == null || !layout.op(a.op()).orElseThrow().continues().isEmpty())) {
        words.add(w);
      }
    }
    return words;
  }

  static String render(List<Break> breaks) {
    return breaks.isEmpty()
        ? "  (no break)"
        : breaks.stream().map(Break::render).collect(Collectors.joining("\n"));
  }

  // ---------------------------------------------------------------- counterexamples found, now
  // regressions

  /**
   * Found by the model-level property: Gate B compared fields and ops but not whether an opcode
   * exists, so adding one to a published layout without one passed, and every saved word (all
   * fields, no op) was then read as some op, or refused.
   */
  @Test
  void addingAnOpcodeToAPublishedLayoutWithoutOneIsOpcodeAddedWithAWitness() throws IOException {
    Path manifest = dir.resolve("abilock.manifest");
    JavaFileObject v1 =
        Sources.source(
            "Batch",
            "@Continuable(name = \"batch\")",
            "public class Batch {",
            "  @ContinuationField(shift = 0, bits = 32) long done;",
            "}");
    assertThat(
            Sources.compile(
                List.of(
                    "abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release=1.0"),
                v1))
        .succeeded();
    byte[] published = Files.readAllBytes(manifest);
    JavaFileObject v2 =
        Sources.source(
            "Batch",
            "@Continuable(name = \"batch\")",
            "public class Batch {",
            "  @Op(continues = \"done\") public static final int BATCH_run = 0;",
            "  @Opcode(bits = 4, shift = 32) int cmd;",
            "  @ContinuationField(shift = 0, bits = 32) long done;",
            "}");
    for (String mode : List.of("check", "update")) {
      Compilation c = Sources.compile(manifest, mode, v2);
      assertThat(c).failed();
      assertThat(c).hadErrorCount(1);
      assertThat(c)
          .hadErrorContaining(
              "[opcode-added] batch: published word of batch had no opcode; opcode cmd"
                  + " (bits 32..35) now makes every saved word select an op")
          .inFile(v2)
          .onLineContaining("@Opcode");
      assertThat(c)
          .hadErrorContaining(
              "witness: word 0x0000000000000001 is accepted, done = 1 under the published"
                  + " layout, but the sources now read it as op BATCH_run, done = 1");
      assertArrayEquals(published, Files.readAllBytes(manifest), mode);
    }
  }

  /**
   * Found by the model-level property: a published field widened in the native word and narrowed in
   * the compat word was reported as widened only, with witnesses searched among native words: none,
   * so the message said no saved word is misread, while saved compat words were refused.
   */
  @Test
  void aFieldWidenedNativelyAndNarrowedInTheCompatWordShowsACompatWitness() throws IOException {
    Path manifest = dir.resolve("abilock.manifest");
    JavaFileObject v1 =
        Sources.source(
            "Grant",
            "@Continuable(name = \"grant\", compatWidth = 32)",
            "public class Grant {",
            "  @ContinuationField(shift = 23, bits = 38, compatBits = 9) long offset;",
            "}");
    assertThat(
            Sources.compile(
                List.of(
                    "abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release=1.0"),
                v1))
        .succeeded();
    JavaFileObject v2 =
        Sources.source(
            "Grant",
            "@Continuable(name = \"grant\", compatWidth = 32)",
            "public class Grant {",
            "  @ContinuationField(shift = 23, bits = 41, compatBits = 3) long offset;",
            "}");
    Compilation c = Sources.compile(manifest, "update", v2);
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining(
            "[field-widened] grant: published field offset widened: bits 23..60 -> 23..63");
    assertThat(c)
        .hadErrorContaining(
            "witness: compat word 0x04000000 is accepted, offset = 8 under the published"
                + " layout, but the sources now read it as refused");
    String error = c.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(!error.contains(GateMessage.NO_WITNESS.text()), error);

    // The same with a re-encoding that reads native words alike (shift 0) but narrows the compat
    // word.
    Path other = dir.resolve("other.manifest");
    JavaFileObject page1 =
        Sources.source(
            "Page",
            "@Continuable(name = \"page\", width = 32, compatWidth = 32)",
            "public class Page {",
            "  @ContinuationField(bits = 32) int page;",
            "}");
    assertThat(
            Sources.compile(
                List.of("abilock.manifest=" + other, "abilock.mode=update", "abilock.release=1.0"),
                page1))
        .succeeded();
    JavaFileObject page2 =
        Sources.source(
            "Page",
            "@Continuable(name = \"page\", width = 32, compatWidth = 32)",
            "public class Page {",
            "  @ContinuationField(shift = 0, bits = 32, compatBits = 20, encoding = Encoding.IN_PLACE) int page;",
            "}");
    Compilation d = Sources.compile(other, "update", page2);
    assertThat(d).hadErrorCount(1);
    assertThat(d)
        .hadErrorContaining("[field-encoding-changed] page: published field page changed encoding");
    assertThat(d)
        .hadErrorContaining(
            "witness: compat word 0x00100000 is accepted, page = 1048576 under the published"
                + " layout, but the sources now read it as refused");
  }

  // ---------------------------------------------------------------- through the compiler

  @Test
  void compiledEvolutionsBreakExactlyWhenTheModelSaysAndCompatibleOnesDecodeSavedWordsTheSame()
      throws Exception {
    long seed = Budget.seed("gate-b-codec");
    int batches = Budget.cases(2, 30);
    int perBatch = Budget.cases(12, 24);
    int words = Budget.cases(150, 600);
    long start = System.nanoTime();
    long cases = 0;
    for (int b = 0; b < batches; b++) {
      long batchSeed = seed + 0x9E3779B97F4A7C15L * b;
      try {
        cases += evolveBatch(new SplittableRandom(batchSeed), b, perBatch, words);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "batch seed " + batchSeed + " (" + Budget.replay() + "): " + e.getMessage(), e);
      }
    }
    Budget.report(
        "GateSoundnessTest codec level (saved words and compiled evolutions)", cases, start);
  }

  private long evolveBatch(SplittableRandom r, int b, int count, int words) throws Exception {
    List<LayoutSpec> old = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      old.add(JavaSource.random(r, "e" + b + "_" + i, "E" + b + "x" + i));
    }
    Path manifest = dir.resolve("evolve" + b + ".manifest");
    Compilation first =
        Sources.compile(
            List.of(
                "abilock.manifest=" + Sources.emptyManifest(manifest),
                "abilock.mode=update",
                "abilock.release=1.0"),
            files(old));
    assertEquals(Compilation.Status.SUCCESS, first.status(), first.errors().toString());
    byte[] published = Files.readAllBytes(manifest);
    Manifest m = ManifestParser.parse(published);

    List<LayoutSpec> evolved = new ArrayList<>();
    List<List<Break>> predicted = new ArrayList<>();
    for (LayoutSpec s : old) {
      LayoutSpec e = JavaSource.evolve(r, s, new ArrayList<>());
      evolved.add(e);
      // Through gate B's one entry point, as the processor runs it: an op or field added and
      // retired
      // in the same evolution is a retired draft, which the two-layout comparison cannot see (soak
      // seed 4988173578097). The other continuables are left out of the map, so only this one's
      // count.
      predicted.add(
          Compatibility.check(m, Map.of(s.name, e.layout(PKG))).stream()
              .filter(x -> x.target().continuable().equals(s.name))
              .toList());
    }
    long cases = 0;

    // The breaking evolutions, next to the unchanged rest: the build fails with the model's rules,
    // nothing written.
    List<LayoutSpec> breaking = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      breaking.add(predicted.get(i).isEmpty() ? old.get(i) : evolved.get(i));
    }
    if (predicted.stream().anyMatch(p -> !p.isEmpty())) {
      Compilation c = Sources.compile(manifest, "update", files(breaking));
      assertEquals(Compilation.Status.FAILURE, c.status());
      assertArrayEquals(
          published, Files.readAllBytes(manifest), "a failing update changed the manifest");
      try (Stream<Path> files = Files.list(dir)) {
        assertTrue(
            files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
            "a temp file was left");
      }
      for (int i = 0; i < count; i++) {
        if (predicted.get(i).isEmpty()) {
          continue;
        }
        String name = old.get(i).name;
        List<String> expected = predicted.get(i).stream().map(x -> x.rule().id()).sorted().toList();
        List<String> reported =
            c.errors().stream()
                .map(d -> d.getMessage(Locale.ROOT))
                .filter(msg -> msg.contains("] " + name + ": "))
                .map(msg -> msg.substring(1, msg.indexOf(']')))
                .sorted()
                .toList();
        assertEquals(
            expected,
            reported,
            "rules reported for " + name + "\n" + JavaSource.source(evolved.get(i), PKG));
        cases++;
      }
      for (Diagnostic<?> d : c.errors()) {
        String msg = d.getMessage(Locale.ROOT);
        assertTrue(!msg.contains("[internal-error]") && msg.startsWith("["), msg);
      }
    }

    // The compatible evolutions: the build passes, keeps every published line, and reads saved
    // words the same.
    List<LayoutSpec> compatible = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      compatible.add(predicted.get(i).isEmpty() ? evolved.get(i) : old.get(i));
    }
    Compilation c = Sources.compile(manifest, "update", files(compatible));
    assertEquals(Compilation.Status.SUCCESS, c.status(), c.errors().toString());
    Manifest after = ManifestParser.parse(Files.readAllBytes(manifest));
    GateOracle.assertPublishedLinesKept(m, after);
    LoadedCodec.MemoryLoader oldLoader = new LoadedCodec.MemoryLoader(first);
    LoadedCodec.MemoryLoader newLoader = new LoadedCodec.MemoryLoader(c);
    for (int i = 0; i < count; i++) {
      if (!predicted.get(i).isEmpty()) {
        continue;
      }
      LoadedCodec before = new LoadedCodec(oldLoader, PKG, old.get(i));
      LoadedCodec now = new LoadedCodec(newLoader, PKG, evolved.get(i));
      try {
        cases += sameReadings(r, before, now, words);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            e.getMessage()
                + "\n--- published:\n"
                + JavaSource.source(old.get(i), PKG)
                + "--- now:\n"
                + JavaSource.source(evolved.get(i), PKG),
            e);
      }
    }
    return cases;
  }

  /** Words the old codec encodes decode to the same op and values with the new codec. */
  private static long sameReadings(
      SplittableRandom r, LoadedCodec before, LoadedCodec now, int words) {
    long cases = 0;
    Layout m = before.model.layout();
    for (int i = 0; i < words; i++) {
      for (boolean compat : m.hasCompat() ? new boolean[] {false, true} : new boolean[] {false}) {
        long word = CodecPropertiesTest.validWord(r, m, compat);
        long[] was;
        try {
          was = compat ? before.decodeCompat((int) word) : before.decode(word);
        } catch (AbiViolationException e) {
          continue; // an opcode without ops: nothing to save
        }
        long[] is;
        try {
          is = compat ? now.decodeCompat((int) word) : now.decode(word);
        } catch (AbiViolationException e) {
          if (e.kind() == AbiViolationException.Kind.RETIRED
              && now.model.layout().read(word, compat) instanceof Reading.Retired) {
            cases++;
            continue; // retired on purpose: refused saying so, never read as something else
          }
          throw new AssertionError(
              "saved "
                  + (compat ? "compat " : "")
                  + "word "
                  + Bits.hex(word)
                  + " is refused by the new codec: "
                  + e.getMessage());
        }
        Map<String, Long> old = values(before, was);
        Map<String, Long> cur = values(now, is);
        for (Map.Entry<String, Long> e : cur.entrySet()) {
          assertEquals(
              old.getOrDefault(e.getKey(), 0L),
              e.getValue(),
              "saved word "
                  + Bits.hex(word)
                  + " field "
                  + e.getKey()
                  + ": was "
                  + old
                  + ", now "
                  + cur);
        }
        for (Map.Entry<String, Long> e : old.entrySet()) {
          assertEquals(
              e.getValue(),
              cur.getOrDefault(e.getKey(), 0L),
              "saved word "
                  + Bits.hex(word)
                  + " field "
                  + e.getKey()
                  + ": was "
                  + old
                  + ", now "
                  + cur);
        }
        cases++;
      }
    }
    return cases;
  }

  private static Map<String, Long> values(LoadedCodec codec, long[] state) {
    Map<String, Long> out = new TreeMap<>();
    for (int i = 0; i < state.length; i++) {
      out.put(codec.params.get(i).abiName, state[i]);
    }
    return out;
  }

  private static JavaFileObject[] files(List<LayoutSpec> specs) {
    return specs.stream().map(s -> JavaSource.file(s, PKG)).toArray(JavaFileObject[]::new);
  }
}
