package dev.abilock.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings of the benchmark classes that pair generated codecs with hand-written baselines:
 * methods {@code xGenerated} against {@code xHand}, timed in the same run with the same flags.
 *
 * <p>3 forks of 8 one-second iterations after 5 of warm-up keep a ratio's error bar under 0.05 on a
 * quiet machine; {@link Report} runs a pair again with more forks where it is not. The forks get a
 * fixed heap and the parallel collector: both sides of an escaping decode allocate alike, and with
 * G1's default, resizing heap those cases swung tenfold between iterations (5 to 67 ns a word);
 * this keeps the collector's share small and steady, so that the ratio shows the codec. B/op does
 * not depend on the collector.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
// jvmArgs, not jvmArgsAppend: the forks must not inherit the flags of the JVM that launches them
// (the report's, sized for the processor-cost compiles: its -Xmn3g left a 2 GB fork almost no old
// generation, and every allocating case paid for full collections).
@Fork(
    value = 3,
    jvmArgs = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public abstract class PairedBenchmark {}
