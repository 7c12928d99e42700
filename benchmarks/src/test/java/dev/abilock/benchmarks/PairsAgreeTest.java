package dev.abilock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmarks measure what they claim, in every build: each generated case and its
 * hand-written twin run once over the same input and give the same answer (a stream of words the
 * example layouts no longer accept, or a baseline that drifted from them, fails here rather than in
 * an hour-long bench run), the C pairs agree, and the processor-cost harness runs end to end.
 */
class PairsAgreeTest {
  private static final Blackhole BLACKHOLE = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @Test
  void mixedStreamPairsAgree() throws Exception {
    assertPairsAgree(new MixedStreamBenchmark());
  }

  @Test
  void singleWordPairsAgree() throws Exception {
    assertPairsAgree(new CodecBenchmark());
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
      assertEquals(String.valueOf(run(benchmark, hand)), String.valueOf(run(benchmark, generated)), pair);
      pairs.add(pair);
    }
    assertTrue(pairs.size() >= 10, "pairs found: " + pairs);
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

  @Test
  void cPairsAgree(@TempDir Path work) throws Exception {
    assumeTrue(CBench.onPath("gcc").isPresent(), "gcc is not on the PATH");
    Path binary = work.resolve("cbench");
    List<String> gcc = new ArrayList<>(List.of("gcc"));
    gcc.addAll(List.of(CBench.GCC_FLAGS.split(" ")));
    gcc.addAll(List.of("-I", Path.of("../examples/abi/include").toString(), "src/main/c/cbench.c", "-o",
        binary.toString()));
    assertEquals(0, exec(gcc, work), "gcc");
    assertEquals(0, exec(List.of(binary.toString()), work), "a generated C loop and its hand-written twin disagree");
  }

  private static int exec(List<String> command, Path work) throws Exception {
    Path log = work.resolve("log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
    assertTrue(row.withMs() > 0 && row.plainMs() > 0 && row.floorMs() > 0 && row.insideMs() > 0, row.toString());
  }
}
