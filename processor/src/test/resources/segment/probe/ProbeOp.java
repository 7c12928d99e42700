package probe;

import dev.abilock.AbiStruct;
import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.Member;
import dev.abilock.Pad;
import dev.abilock.SubOp;

/** The same 24 bytes on x86_64 and x86_32: a U16 sub-op, a pad, signed members in wider fields. */
@AbiStruct(name = "probe_op", compat = Compat.SAME)
public final class ProbeOp {
  @SubOp(member = "cmd")
  public static final int PROBE_nop = 0;

  @SubOp(member = "cmd")
  public static final int PROBE_read = 1;

  @SubOp(member = "cmd")
  public static final int PROBE_write = 7;

  @SubOp(member = "cmd")
  public static final int PROBE_wide = 0x1234;

  @Member(type = CType.U16)
  int cmd;

  @Pad short pad0;

  @Member(type = CType.S32)
  long delta;

  @Member(type = CType.U64, align = 8)
  long pfn;

  @Member(type = CType.U8)
  short flags;

  @Member(type = CType.S8)
  byte tiny;

  @Member(type = CType.S16)
  int small;

  @Pad(trailing = true)
  byte[] tail;
}
