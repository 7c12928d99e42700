package dev.abilock.benchmarks;

import static dev.abilock.benchmarks.Streams.BATCH;

import dev.abilock.benchmarks.Streams.Shape;
import dev.abilock.examples.xen.GrantTableOpCodec;
import dev.abilock.examples.xen.HvmOpCodec;
import dev.abilock.examples.xen.MemoryOpCodec;
import dev.abilock.examples.xen.MmuUpdateCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Every codec path over a batch of mixed words ({@link Streams}): validate with the getters, decode
 * with the fields read in place (the state need not exist), decode with the state escaping into a
 * {@link Blackhole}, encode, and the compat twins. Times are per word. Settings and pairing: {@link
 * PairedBenchmark}.
 */
@OperationsPerInvocation(BATCH)
public class MixedStreamBenchmark extends PairedBenchmark {
  long[] memoryWords;
  int[] memoryCmd;
  long[] memoryExtent;
  long[] memoryIter;
  int[] memoryCompatWords;
  int[] memoryCompatCmd;
  long[] memoryCompatExtent;
  long[] memoryCompatIter;
  long[] hvmWords;
  int[] hvmOp;
  long[] grantWords;
  int[] grantCmd;
  int[] grantArg;
  long[] mmuWords;
  int[] mmuCount;
  boolean[] mmuPreempted;
  TableDriven table;

  @Setup
  public void setUp() {
    memoryWords =
        Streams.words(
            memoryOpShapes(MemoryOpCodec.START_EXTENT_MASK, MemoryOpCodec.START_ITER_MASK));
    memoryCompatWords =
        Streams.compat(
            Streams.words(
                memoryOpShapes(
                    MemoryOpCodec.START_EXTENT_COMPAT_MASK, MemoryOpCodec.START_ITER_COMPAT_MASK)));
    // hvm_op since 4.9: no op continues (7 and 8 retired with their progress field).
    hvmWords = Streams.words(new Shape(0, 0), new Shape(1, 0), new Shape(6, 0));
    // grant_table_op on x86 since 4.21: cache_flush, the op that continued, is retired.
    grantWords = Streams.words(new Shape(0, 0), new Shape(1, 0), new Shape(2, 0), new Shape(5, 0));
    mmuWords =
        Streams.words(
            new Shape(0, MmuUpdateCodec.COUNT_MASK),
            new Shape(MmuUpdateCodec.PREEMPTED_MASK, MmuUpdateCodec.COUNT_MASK));

    // Encode's arguments: the fields of the same words, read by the hand-written decoders (which
    // also prove every word valid before anything is timed).
    memoryCmd = new int[BATCH];
    memoryExtent = new long[BATCH];
    memoryIter = new long[BATCH];
    memoryCompatCmd = new int[BATCH];
    memoryCompatExtent = new long[BATCH];
    memoryCompatIter = new long[BATCH];
    hvmOp = new int[BATCH];
    grantCmd = new int[BATCH];
    grantArg = new int[BATCH];
    mmuCount = new int[BATCH];
    mmuPreempted = new boolean[BATCH];
    for (int i = 0; i < BATCH; i++) {
      HandWritten.MemoryOp.State m = HandWritten.MemoryOp.decode(memoryWords[i]);
      memoryCmd[i] = m.cmd();
      memoryExtent[i] = m.startExtent();
      memoryIter[i] = m.startIter();
      HandWritten.MemoryOp.State c = HandWritten.MemoryOp.decodeCompat(memoryCompatWords[i]);
      memoryCompatCmd[i] = c.cmd();
      memoryCompatExtent[i] = c.startExtent();
      memoryCompatIter[i] = c.startIter();
      HandWritten.HvmOp.State h = HandWritten.HvmOp.decode(hvmWords[i]);
      hvmOp[i] = h.op();
      HandWritten.GrantTableOp.State g = HandWritten.GrantTableOp.decode(grantWords[i]);
      grantCmd[i] = g.cmd();
      grantArg[i] = g.arg();
      HandWritten.MmuUpdate.State u = HandWritten.MmuUpdate.decode(mmuWords[i]);
      mmuCount[i] = u.count();
      mmuPreempted[i] = u.preempted();
    }
    table = TableDriven.memoryOp();
  }

  /**
   * Every memory_op op: six continue with start_extent, access_op with start_iter, eight with
   * nothing.
   */
  private static Shape[] memoryOpShapes(long extentMask, long iterMask) {
    int[] extentOps = {0, 1, 6, 7, 23, 28};
    int[] bareOps = {2, 3, 4, 5, 11, 15, 24, 26};
    Shape[] shapes = new Shape[extentOps.length + bareOps.length + 1];
    int n = 0;
    for (int op : extentOps) {
      shapes[n++] = new Shape(op, extentMask);
    }
    for (int op : bareOps) {
      shapes[n++] = new Shape(op, 0);
    }
    shapes[n] = new Shape(21, iterMask);
    return shapes;
  }

  // ---- memory_op

  @Benchmark
  public long memoryOpValidateGenerated() {
    long sum = 0;
    for (long word : memoryWords) {
      long w = MemoryOpCodec.validate(word);
      sum += MemoryOpCodec.cmd(w) + MemoryOpCodec.startExtent(w) + MemoryOpCodec.startIter(w);
    }
    return sum;
  }

  @Benchmark
  public long memoryOpValidateHand() {
    long sum = 0;
    for (long word : memoryWords) {
      long w = HandWritten.MemoryOp.validate(word);
      sum +=
          HandWritten.MemoryOp.cmd(w)
              + HandWritten.MemoryOp.startExtent(w)
              + HandWritten.MemoryOp.startIter(w);
    }
    return sum;
  }

  @Benchmark
  public long memoryOpValidateTableDriven() {
    long sum = 0;
    for (long word : memoryWords) {
      sum += table.decode(word).size();
    }
    return sum;
  }

  @Benchmark
  public long memoryOpDecodeFieldsGenerated() {
    long sum = 0;
    for (long word : memoryWords) {
      MemoryOpCodec.State s = MemoryOpCodec.decode(word);
      sum += s.cmd() + s.startExtent() + s.startIter();
    }
    return sum;
  }

  @Benchmark
  public long memoryOpDecodeFieldsHand() {
    long sum = 0;
    for (long word : memoryWords) {
      HandWritten.MemoryOp.State s = HandWritten.MemoryOp.decode(word);
      sum += s.cmd() + s.startExtent() + s.startIter();
    }
    return sum;
  }

  @Benchmark
  public void memoryOpDecodeGenerated(Blackhole bh) {
    for (long word : memoryWords) {
      bh.consume(MemoryOpCodec.decode(word));
    }
  }

  @Benchmark
  public void memoryOpDecodeHand(Blackhole bh) {
    for (long word : memoryWords) {
      bh.consume(HandWritten.MemoryOp.decode(word));
    }
  }

  @Benchmark
  public long memoryOpEncodeGenerated() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += MemoryOpCodec.encode(memoryCmd[i], memoryExtent[i], memoryIter[i]);
    }
    return sum;
  }

  @Benchmark
  public long memoryOpEncodeHand() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += HandWritten.MemoryOp.encode(memoryCmd[i], memoryExtent[i], memoryIter[i]);
    }
    return sum;
  }

  // ---- memory_op, compat words

  @Benchmark
  public long memoryOpValidateCompatGenerated() {
    long sum = 0;
    for (int word : memoryCompatWords) {
      long w = Integer.toUnsignedLong(MemoryOpCodec.validateCompat(word));
      sum += MemoryOpCodec.cmd(w) + MemoryOpCodec.startExtent(w) + MemoryOpCodec.startIter(w);
    }
    return sum;
  }

  @Benchmark
  public long memoryOpValidateCompatHand() {
    long sum = 0;
    for (int word : memoryCompatWords) {
      long w = Integer.toUnsignedLong(HandWritten.MemoryOp.validateCompat(word));
      sum +=
          HandWritten.MemoryOp.cmd(w)
              + HandWritten.MemoryOp.startExtent(w)
              + HandWritten.MemoryOp.startIter(w);
    }
    return sum;
  }

  @Benchmark
  public long memoryOpDecodeFieldsCompatGenerated() {
    long sum = 0;
    for (int word : memoryCompatWords) {
      MemoryOpCodec.State s = MemoryOpCodec.decodeCompat(word);
      sum += s.cmd() + s.startExtent() + s.startIter();
    }
    return sum;
  }

  @Benchmark
  public long memoryOpDecodeFieldsCompatHand() {
    long sum = 0;
    for (int word : memoryCompatWords) {
      HandWritten.MemoryOp.State s = HandWritten.MemoryOp.decodeCompat(word);
      sum += s.cmd() + s.startExtent() + s.startIter();
    }
    return sum;
  }

  @Benchmark
  public void memoryOpDecodeCompatGenerated(Blackhole bh) {
    for (int word : memoryCompatWords) {
      bh.consume(MemoryOpCodec.decodeCompat(word));
    }
  }

  @Benchmark
  public void memoryOpDecodeCompatHand(Blackhole bh) {
    for (int word : memoryCompatWords) {
      bh.consume(HandWritten.MemoryOp.decodeCompat(word));
    }
  }

  @Benchmark
  public long memoryOpEncodeCompatGenerated() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum +=
          MemoryOpCodec.encodeCompat(
              memoryCompatCmd[i], memoryCompatExtent[i], memoryCompatIter[i]);
    }
    return sum;
  }

  @Benchmark
  public long memoryOpEncodeCompatHand() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum +=
          HandWritten.MemoryOp.encodeCompat(
              memoryCompatCmd[i], memoryCompatExtent[i], memoryCompatIter[i]);
    }
    return sum;
  }

  // ---- hvm_op

  @Benchmark
  public long hvmOpValidateGenerated() {
    long sum = 0;
    for (long word : hvmWords) {
      long w = HvmOpCodec.validate(word);
      sum += HvmOpCodec.op(w);
    }
    return sum;
  }

  @Benchmark
  public long hvmOpValidateHand() {
    long sum = 0;
    for (long word : hvmWords) {
      long w = HandWritten.HvmOp.validate(word);
      sum += HandWritten.HvmOp.op(w);
    }
    return sum;
  }

  @Benchmark
  public long hvmOpDecodeFieldsGenerated() {
    long sum = 0;
    for (long word : hvmWords) {
      HvmOpCodec.State s = HvmOpCodec.decode(word);
      sum += s.op();
    }
    return sum;
  }

  @Benchmark
  public long hvmOpDecodeFieldsHand() {
    long sum = 0;
    for (long word : hvmWords) {
      HandWritten.HvmOp.State s = HandWritten.HvmOp.decode(word);
      sum += s.op();
    }
    return sum;
  }

  @Benchmark
  public void hvmOpDecodeGenerated(Blackhole bh) {
    for (long word : hvmWords) {
      bh.consume(HvmOpCodec.decode(word));
    }
  }

  @Benchmark
  public void hvmOpDecodeHand(Blackhole bh) {
    for (long word : hvmWords) {
      bh.consume(HandWritten.HvmOp.decode(word));
    }
  }

  @Benchmark
  public long hvmOpEncodeGenerated() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += HvmOpCodec.encode(hvmOp[i]);
    }
    return sum;
  }

  @Benchmark
  public long hvmOpEncodeHand() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += HandWritten.HvmOp.encode(hvmOp[i]);
    }
    return sum;
  }

  // ---- grant_table_op

  @Benchmark
  public long grantTableOpValidateGenerated() {
    long sum = 0;
    for (long word : grantWords) {
      long w = GrantTableOpCodec.validate(word);
      sum += GrantTableOpCodec.cmd(w) + GrantTableOpCodec.arg(w);
    }
    return sum;
  }

  @Benchmark
  public long grantTableOpValidateHand() {
    long sum = 0;
    for (long word : grantWords) {
      long w = HandWritten.GrantTableOp.validate(word);
      sum += HandWritten.GrantTableOp.cmd(w) + HandWritten.GrantTableOp.arg(w);
    }
    return sum;
  }

  @Benchmark
  public long grantTableOpDecodeFieldsGenerated() {
    long sum = 0;
    for (long word : grantWords) {
      GrantTableOpCodec.State s = GrantTableOpCodec.decode(word);
      sum += s.cmd() + s.arg();
    }
    return sum;
  }

  @Benchmark
  public long grantTableOpDecodeFieldsHand() {
    long sum = 0;
    for (long word : grantWords) {
      HandWritten.GrantTableOp.State s = HandWritten.GrantTableOp.decode(word);
      sum += s.cmd() + s.arg();
    }
    return sum;
  }

  @Benchmark
  public void grantTableOpDecodeGenerated(Blackhole bh) {
    for (long word : grantWords) {
      bh.consume(GrantTableOpCodec.decode(word));
    }
  }

  @Benchmark
  public void grantTableOpDecodeHand(Blackhole bh) {
    for (long word : grantWords) {
      bh.consume(HandWritten.GrantTableOp.decode(word));
    }
  }

  @Benchmark
  public long grantTableOpEncodeGenerated() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += GrantTableOpCodec.encode(grantCmd[i], grantArg[i]);
    }
    return sum;
  }

  @Benchmark
  public long grantTableOpEncodeHand() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += HandWritten.GrantTableOp.encode(grantCmd[i], grantArg[i]);
    }
    return sum;
  }

  // ---- mmu_update

  @Benchmark
  public long mmuUpdateValidateGenerated() {
    long sum = 0;
    for (long word : mmuWords) {
      long w = MmuUpdateCodec.validate(word);
      sum += MmuUpdateCodec.count(w) + (MmuUpdateCodec.preempted(w) ? 1 : 0);
    }
    return sum;
  }

  @Benchmark
  public long mmuUpdateValidateHand() {
    long sum = 0;
    for (long word : mmuWords) {
      long w = HandWritten.MmuUpdate.validate(word);
      sum += HandWritten.MmuUpdate.count(w) + (HandWritten.MmuUpdate.preempted(w) ? 1 : 0);
    }
    return sum;
  }

  @Benchmark
  public long mmuUpdateDecodeFieldsGenerated() {
    long sum = 0;
    for (long word : mmuWords) {
      MmuUpdateCodec.State s = MmuUpdateCodec.decode(word);
      sum += s.count() + (s.preempted() ? 1 : 0);
    }
    return sum;
  }

  @Benchmark
  public long mmuUpdateDecodeFieldsHand() {
    long sum = 0;
    for (long word : mmuWords) {
      HandWritten.MmuUpdate.State s = HandWritten.MmuUpdate.decode(word);
      sum += s.count() + (s.preempted() ? 1 : 0);
    }
    return sum;
  }

  @Benchmark
  public void mmuUpdateDecodeGenerated(Blackhole bh) {
    for (long word : mmuWords) {
      bh.consume(MmuUpdateCodec.decode(word));
    }
  }

  @Benchmark
  public void mmuUpdateDecodeHand(Blackhole bh) {
    for (long word : mmuWords) {
      bh.consume(HandWritten.MmuUpdate.decode(word));
    }
  }

  @Benchmark
  public long mmuUpdateEncodeGenerated() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += MmuUpdateCodec.encode(mmuCount[i], mmuPreempted[i]);
    }
    return sum;
  }

  @Benchmark
  public long mmuUpdateEncodeHand() {
    long sum = 0;
    for (int i = 0; i < BATCH; i++) {
      sum += HandWritten.MmuUpdate.encode(mmuCount[i], mmuPreempted[i]);
    }
    return sum;
  }
}
