package dev.abilock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.abilock.examples.xen.GrantTableOpCodec;
import dev.abilock.examples.xen.HvmOpCodec;
import dev.abilock.examples.xen.MemoryOpCodec;
import dev.abilock.examples.xen.MmuUpdateCodec;
import dev.abilock.runtime.AbiViolationException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmarks measure what they claim, in every build: each generated case and its hand-written
 * twin run once over the same input and give the same answer (a stream of words the example layouts
 * no longer accept, or a baseline that drifted from them, fails here rather than in an hour-long
 * bench run), the C pairs agree, and the processor-cost harness runs end to end.
 */
class PairsAgreeTest {
  private static final Blackhole BLACKHOLE =
      new Blackhole(
          "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @Test
  void mixedStreamPairsAgree() throws Exception {
    assertPairsAgree(new MixedStreamBenchmark());
  }

  @Test
  void singleWordPairsAgree() throws Exception {
    assertPairsAgree(new CodecBenchmark());
  }

  @Test
  void structStreamTriplesAgree() throws Exception {
    assertPairsAgree(new StructStreamBenchmark());
  }

  private static void assertPairsAgree(Object benchmark) throws Exception {
    for (Method m : benchmark.getClass().getMethods()) {
      if (m.isAnnotationPresent(Setup.class)) {
        m.invoke(benchmark);
      }
    }
    List<String> pairs = new ArrayList<>();
    for (Method generated : benchmark.getClass().getMethods()) {
      String name = generated.getName();
      if (!generated.isAnnotationPresent(Benchmark.class) || !name.endsWith("Generated")) {
        continue;
      }
      String pair = name.substring(0, name.length() - "Generated".length());
      Method hand = benchmark.getClass().getMethod(pair + "Hand", generated.getParameterTypes());
      assertTrue(hand.isAnnotationPresent(Benchmark.class), pair);
      // Sums compare as numbers, decoded states by their components (State[cmd=1, ...]).
      String expected = String.valueOf(run(benchmark, generated));
      assertEquals(expected, String.valueOf(run(benchmark, hand)), pair);
      // A third side, where the case has one (the struct codecs' VarHandle baselines).
      try {
        Method varHandle =
            benchmark.getClass().getMethod(pair + "VarHandle", generated.getParameterTypes());
        assertTrue(varHandle.isAnnotationPresent(Benchmark.class), pair);
        assertEquals(expected, String.valueOf(run(benchmark, varHandle)), pair + " VarHandle");
      } catch (NoSuchMethodException e) {
        // a pair only
      }
      pairs.add(pair);
    }
    assertTrue(pairs.size() >= 6, "pairs found: " + pairs);
  }

  /** The case's result; a case that feeds a Blackhole returns nothing, and must not throw. */
  private static Object run(Object benchmark, Method m) throws Exception {
    Object[] args = Arrays.stream(m.getParameterTypes()).map(t -> (Object) BLACKHOLE).toArray();
    try {
      return m.invoke(benchmark, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m.getName() + " threw", e.getCause());
    }
  }

  /**
   * The baselines refuse what the codecs refuse: a hand-written validate with a check left out
   * would agree on every valid word, and look faster. Every op code up to past the largest, each
   * with no other bit, one stray bit, or all bits above the op.
   */
  @Test
  void handWrittenValidatesRefuseWhatTheCodecsRefuse() {
    assertSameRefusals(
        "memory_op", 0x3f, w -> HandWritten.MemoryOp.validate(w), MemoryOpCodec::validate);
    assertSameRefusals(
        "memory_op compat",
        0x3f,
        w -> HandWritten.MemoryOp.validateCompat((int) w),
        w -> MemoryOpCodec.validateCompat((int) w));
    assertSameRefusals("hvm_op", 0xff, HandWritten.HvmOp::validate, HvmOpCodec::validate);
    assertSameRefusals(
        "grant_table_op", 0xfff, HandWritten.GrantTableOp::validate, GrantTableOpCodec::validate);
    assertSameRefusals("mmu_update", 0, HandWritten.MmuUpdate::validate, MmuUpdateCodec::validate);
  }

  private static void assertSameRefusals(
      String layout, int opMask, LongUnaryOperator hand, LongUnaryOperator generated) {
    int refused = 0;
    for (long op = 0; op <= Math.min(opMask, 64); op++) {
      List<Long> words = new ArrayList<>(List.of(op, op | ~(long) opMask));
      for (int bit = 0; bit < 64; bit++) {
        words.add(op | 1L << bit);
      }
      for (long word : words) {
        boolean handRefuses = refuses(hand, word);
        assertEquals(
            refuses(generated, word), handRefuses, layout + " word 0x" + Long.toHexString(word));
        refused += handRefuses ? 1 : 0;
      }
    }
    assertTrue(refused > 0, layout + ": no word refused");
  }

  private static boolean refuses(LongUnaryOperator validate, long word) {
    try {
      validate.applyAsLong(word);
      return false;
    } catch (AbiViolationException e) {
      return true;
    }
  }

  @Test
  void cPairsAgree(@TempDir Path work) throws Exception {
    assumeTrue(CBench.onPath("gcc").isPresent(), "gcc is not on the PATH");
    Path binary = work.resolve("cbench");
    List<String> gcc = new ArrayList<>(List.of("gcc"));
    gcc.addAll(List.of(CBench.GCC_FLAGS.split(" ")));
    gcc.addAll(
        List.of(
            "-I",
            Path.of("../examples/abi/include").toString(),
            "src/main/c/cbench.c",
            "-o",
            binary.toString()));
    assertEquals(0, exec(gcc, work), "gcc");
    assertEquals(
        0,
        exec(List.of(binary.toString()), work),
        "a generated C loop and its hand-written twin disagree");
  }

  private static int exec(List<String> command, Path work) throws Exception {
    Path log = work.resolve("log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int rc = p.waitFor();
    if (rc != 0) {
      System.err.println(Files.readString(log));
    }
    return rc;
  }

  @Test
  void processorCostRunsEndToEnd() throws Exception {
    ProcessorCost.Row row = ProcessorCost.measure(3, 1);
    assertEquals(3, row.n());
    assertTrue(
        row.withMs() > 0
            && row.plainMs() > 0
            && row.floorMs() > 0
            && row.insideMs() > 0
            && row.overFloorLow() <= row.overFloor()
            && row.overFloor() <= row.overFloorHigh(),
        row.toString());
  }
}
