package dev.abilock.benchmarks;

import dev.abilock.examples.xen.GrantTableOpCodec;
import dev.abilock.examples.xen.MemoryOpCodec;
import dev.abilock.examples.xen.MmuUpdateCodec;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Generated codecs beside hand-written baselines doing the same checks, in one class and one run,
 * on one constant word each: one switch arm is hot and every branch predicts (see {@link
 * MixedStreamBenchmark} for a realistic mix). Settings and pairing: {@link PairedBenchmark}. Inputs
 * come from non-final state fields so that nothing constant-folds; results are returned, so JMH
 * sinks them.
 */
public class CodecBenchmark extends PairedBenchmark {
  long memoryWord = 0x141; // XENMEM_decrease_reservation resumed at extent 5
  int memoryCompatWord = 0x141;
  int memoryCmd = 1;
  long memoryExtent = 123_456;
  long grantWord = 5; // GNTTABOP_copy (cache_flush, which continued, is retired on x86 since 4.21)
  int grantCmd = 5;
  int grantArg = 0;
  long mmuWord = 0x80000007L;
  int mmuCount = 7;
  boolean mmuPreempted = true;
  TableDriven table;

  @Setup
  public void setUp() {
    table = TableDriven.memoryOp();
  }

  // ---- memory_op: validate + getters

  @Benchmark
  public long memoryOpValidateGenerated() {
    long w = MemoryOpCodec.validate(memoryWord);
    return MemoryOpCodec.cmd(w) + MemoryOpCodec.startExtent(w);
  }

  @Benchmark
  public long memoryOpValidateHand() {
    long w = HandWritten.MemoryOp.validate(memoryWord);
    return HandWritten.MemoryOp.cmd(w) + HandWritten.MemoryOp.startExtent(w);
  }

  @Benchmark
  public long memoryOpValidateTableDriven() {
    Map<String, Long> values = table.decode(memoryWord);
    return values.get("start_extent");
  }

  @Benchmark
  public long memoryOpEncodeGenerated() {
    return MemoryOpCodec.encode(memoryCmd, memoryExtent, 0);
  }

  @Benchmark
  public long memoryOpEncodeHand() {
    return HandWritten.MemoryOp.encode(memoryCmd, memoryExtent, 0);
  }

  @Benchmark
  public Object memoryOpDecodeGenerated() {
    return MemoryOpCodec.decode(memoryWord);
  }

  @Benchmark
  public Object memoryOpDecodeHand() {
    return HandWritten.MemoryOp.decode(memoryWord);
  }

  @Benchmark
  public long memoryOpDecodeFieldsGenerated() {
    MemoryOpCodec.State s = MemoryOpCodec.decode(memoryWord);
    return s.cmd() + s.startExtent() + s.startIter();
  }

  @Benchmark
  public long memoryOpDecodeFieldsHand() {
    HandWritten.MemoryOp.State s = HandWritten.MemoryOp.decode(memoryWord);
    return s.cmd() + s.startExtent() + s.startIter();
  }

  // ---- memory_op: compat

  @Benchmark
  public long memoryOpValidateCompatGenerated() {
    int w = MemoryOpCodec.validateCompat(memoryCompatWord);
    long bits = Integer.toUnsignedLong(w);
    return MemoryOpCodec.cmd(bits) + MemoryOpCodec.startExtent(bits);
  }

  @Benchmark
  public long memoryOpValidateCompatHand() {
    int w = HandWritten.MemoryOp.validateCompat(memoryCompatWord);
    long bits = Integer.toUnsignedLong(w);
    return HandWritten.MemoryOp.cmd(bits) + HandWritten.MemoryOp.startExtent(bits);
  }

  @Benchmark
  public int memoryOpEncodeCompatGenerated() {
    return MemoryOpCodec.encodeCompat(memoryCmd, memoryExtent, 0);
  }

  @Benchmark
  public int memoryOpEncodeCompatHand() {
    return HandWritten.MemoryOp.encodeCompat(memoryCmd, memoryExtent, 0);
  }

  // ---- grant_table_op

  @Benchmark
  public long grantTableOpValidateGenerated() {
    long w = GrantTableOpCodec.validate(grantWord);
    return GrantTableOpCodec.cmd(w) + GrantTableOpCodec.arg(w);
  }

  @Benchmark
  public long grantTableOpValidateHand() {
    long w = HandWritten.GrantTableOp.validate(grantWord);
    return HandWritten.GrantTableOp.cmd(w) + HandWritten.GrantTableOp.arg(w);
  }

  @Benchmark
  public long grantTableOpEncodeGenerated() {
    return GrantTableOpCodec.encode(grantCmd, grantArg);
  }

  @Benchmark
  public long grantTableOpEncodeHand() {
    return HandWritten.GrantTableOp.encode(grantCmd, grantArg);
  }

  // ---- mmu_update

  @Benchmark
  public long mmuUpdateValidateGenerated() {
    long w = MmuUpdateCodec.validate(mmuWord);
    return MmuUpdateCodec.count(w) + (MmuUpdateCodec.preempted(w) ? 1 : 0);
  }

  @Benchmark
  public long mmuUpdateValidateHand() {
    long w = HandWritten.MmuUpdate.validate(mmuWord);
    return HandWritten.MmuUpdate.count(w) + (HandWritten.MmuUpdate.preempted(w) ? 1 : 0);
  }

  @Benchmark
  public long mmuUpdateEncodeGenerated() {
    return MmuUpdateCodec.encode(mmuCount, mmuPreempted);
  }

  @Benchmark
  public long mmuUpdateEncodeHand() {
    return HandWritten.MmuUpdate.encode(mmuCount, mmuPreempted);
  }
}
