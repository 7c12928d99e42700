package probe;

import dev.abilock.AbiStruct;
import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.Member;
import dev.abilock.Pad;
import dev.abilock.SubOp;

/** Translated: 32 bytes on x86_64, 20 on x86_32, a handle and an unsigned long between them. */
@AbiStruct(name = "probe_xlat", compat = Compat.TRANSLATED)
public final class ProbeXlat {
  @SubOp(member = "kind")
  public static final int PROBE_XLAT_none = 0;

  @SubOp(member = "kind")
  public static final int PROBE_XLAT_one = 2;

  @Member(type = CType.U8)
  byte kind;

  @Pad(size = 7)
  byte[] pad0;

  @Member(type = CType.HANDLE)
  long buf;

  @Member(type = CType.ULONG)
  long count;

  @Member(type = CType.S16)
  short bias;

  @Pad(trailing = true)
  byte[] tail;
}
