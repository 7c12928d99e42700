package dev.abilock.benchmarks;

import dev.abilock.runtime.AbiViolationException;

/**
 * The baselines: what a careful engineer writes by hand for the same checks, with literal shifts
 * and masks, the way Xen's C does. Failures throw the same exception so both sides pay alike.
 */
final class HandWritten {
  private HandWritten() {}

  private static AbiViolationException fail(long word) {
    return new AbiViolationException(
        AbiViolationException.Kind.STRAY_BITS, "hand", null, word, "refused");
  }

  /**
   * memory_op: cmd bits 0..5, start_extent bits 6..63 (shifted), start_iter bits 6..63 (in place).
   */
  static final class MemoryOp {
    static long validate(long word) {
      switch ((int) (word & 0x3f)) {
        case 0:
        case 1:
        case 6:
        case 7:
        case 21:
        case 23:
        case 28:
          return word;
        case 2:
        case 3:
        case 4:
        case 5:
        case 11:
        case 15:
        case 24:
        case 26:
          if ((word >>> 6) != 0) {
            throw fail(word);
          }
          return word;
        default:
          throw fail(word);
      }
    }

    static int validateCompat(int word) {
      validate(word & 0xffffffffL);
      return word;
    }

    static int cmd(long word) {
      return (int) (word & 0x3f);
    }

    static long startExtent(long word) {
      return word >>> 6;
    }

    static long startIter(long word) {
      return word & ~0x3fL;
    }

    static long encode(int cmd, long startExtent, long startIter) {
      if ((cmd & ~0x3f) != 0 || (startExtent >>> 58) != 0 || (startIter & 0x3f) != 0) {
        throw fail(cmd);
      }
      switch (cmd) {
        case 0:
        case 1:
        case 6:
        case 7:
        case 23:
        case 28:
          if (startIter != 0) {
            throw fail(cmd);
          }
          break;
        case 21:
          if (startExtent != 0) {
            throw fail(cmd);
          }
          break;
        case 2:
        case 3:
        case 4:
        case 5:
        case 11:
        case 15:
        case 24:
        case 26:
          if (startExtent != 0 || startIter != 0) {
            throw fail(cmd);
          }
          break;
        default:
          throw fail(cmd);
      }
      return cmd | (startExtent << 6) | startIter;
    }

    static int encodeCompat(int cmd, long startExtent, long startIter) {
      if ((startExtent >>> 26) != 0 || (startIter >>> 32) != 0) {
        throw fail(cmd);
      }
      return (int) encode(cmd, startExtent, startIter);
    }

    record State(int cmd, long startExtent, long startIter) {}

    /**
     * Validates and reads in one switch, and builds the state at one site (so C2 can scalar-replace
     * it).
     */
    static State decode(long word) {
      int cmd = (int) (word & 0x3f);
      long startExtent = 0;
      long startIter = 0;
      switch (cmd) {
        case 0:
        case 1:
        case 6:
        case 7:
        case 23:
        case 28:
          startExtent = word >>> 6;
          break;
        case 21:
          startIter = word & ~0x3fL;
          break;
        case 2:
        case 3:
        case 4:
        case 5:
        case 11:
        case 15:
        case 24:
        case 26:
          if ((word >>> 6) != 0) {
            throw fail(word);
          }
          break;
        default:
          throw fail(word);
      }
      return new State(cmd, startExtent, startIter);
    }

    /** A compat word is a native word with the upper half zero. */
    static State decodeCompat(int word) {
      return decode(word & 0xffffffffL);
    }
  }

  /**
   * grant_table_op (Xen 4.21 on, x86): cmd bits 0..11 of a 32-bit word; cache_flush (12), the one
   * op that continued with arg bits 12..31, is ARM-only and refused, so no word carries progress.
   */
  static final class GrantTableOp {
    private static AbiViolationException retired(long word) {
      return new AbiViolationException(
          AbiViolationException.Kind.RETIRED, "hand", null, word, "ARM-only");
    }

    static long validate(long word) {
      switch ((int) (word & 0xfff)) {
        case 0:
        case 1:
        case 2:
        case 5:
          if ((word & ~0xfffL) != 0) {
            throw fail(word);
          }
          return word;
        case 12:
          throw retired(word);
        default:
          throw fail(word);
      }
    }

    static int cmd(long word) {
      return (int) (word & 0xfff);
    }

    static int arg(long word) {
      return (int) (word & 0xfffff000L);
    }

    static long encode(int cmd, int arg) {
      switch (cmd) {
        case 0:
        case 1:
        case 2:
        case 5:
          if (arg != 0) {
            throw fail(cmd);
          }
          return cmd;
        case 12:
          throw retired(cmd);
        default:
          throw fail(cmd);
      }
    }

    record State(int cmd, int arg) {}

    static State decode(long word) {
      return new State((int) validate(word), 0);
    }
  }

  /**
   * hvm_op (Xen 4.9 on): the whole word is the op; 7 and 8, which continued with start_iter in bits
   * 8..63 until 4.8, moved to dm_op and are refused with a reason of their own.
   */
  static final class HvmOp {
    private static AbiViolationException retired(long word) {
      return new AbiViolationException(
          AbiViolationException.Kind.RETIRED, "hand", null, word, "moved to dm_op");
    }

    static long validate(long word) {
      if ((word & ~0xffL) == 0) {
        switch ((int) word) {
          case 0:
          case 1:
          case 6:
            return word;
          case 7:
          case 8:
            throw retired(word);
          default:
            break;
        }
      }
      throw fail(word);
    }

    static int op(long word) {
      return (int) (word & 0xff);
    }

    static long encode(int op) {
      switch (op) {
        case 0:
        case 1:
        case 6:
          return op;
        case 7:
        case 8:
          throw retired(op);
        default:
          throw fail(op);
      }
    }

    record State(int op) {}

    static State decode(long word) {
      return new State((int) validate(word));
    }
  }

  /** mmu_update: 32-bit word, count bits 0..30, preempted bit 31; no opcode. */
  static final class MmuUpdate {
    static long validate(long word) {
      if ((word >>> 32) != 0) {
        throw fail(word);
      }
      return word;
    }

    static int count(long word) {
      return (int) (word & 0x7fffffff);
    }

    static boolean preempted(long word) {
      return (word & 0x80000000L) != 0;
    }

    static long encode(int count, boolean preempted) {
      if (count < 0) {
        throw fail(count);
      }
      return count | (preempted ? 0x80000000L : 0);
    }

    record State(int count, boolean preempted) {}

    static State decode(long word) {
      validate(word);
      return new State(count(word), preempted(word));
    }
  }
}
