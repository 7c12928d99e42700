package dev.abilock.core.model.struct;

import dev.abilock.Compat;
import dev.abilock.core.model.Retirement;
import java.util.List;
import java.util.Optional;

/**
 * An argument struct as declared by an {@code @AbiStruct} class: what its layouts on each ABI are
 * computed from ({@link StructLayout}) and what {@link dev.abilock.core.model.rules.StructRules}
 * checks.
 *
 * @param name the C struct tag, lower_snake_case ({@code xen_hvm_modified_memory})
 * @param className canonical name of the declaring class
 * @param compat how 32-bit guests see it
 * @param slots members and pads, in declaration order, retired members included: they keep their
 *     bytes
 * @param subOps sub-ops in declaration order, retired ones included: their values stay reserved
 * @param retired the struct's retirement, or {@code null} while it is in use
 */
public record StructDecl(
    String name,
    String className,
    Compat compat,
    List<Slot> slots,
    List<SubOp> subOps,
    Retirement retired) {

  public StructDecl {
    slots = List.copyOf(slots);
    subOps = List.copyOf(subOps);
  }

  /** A struct in use. */
  public StructDecl(
      String name, String className, Compat compat, List<Slot> slots, List<SubOp> subOps) {
    this(name, className, compat, slots, subOps, null);
  }

  public boolean isRetired() {
    return retired != null;
  }

  /**
   * The ABIs it is laid out and frozen for: {@code x86_64}, and {@code x86_32} unless {@link
   * Compat#NONE}.
   */
  public List<Abi> abis() {
    return compat == Compat.NONE ? List.of(Abi.X86_64) : List.of(Abi.X86_64, Abi.X86_32);
  }

  /** The members, pads left out, in declaration order. */
  public List<Member> members() {
    return slots.stream().filter(Member.class::isInstance).map(Member.class::cast).toList();
  }

  public Optional<Member> member(String abiName) {
    return members().stream().filter(m -> m.name().equals(abiName)).findFirst();
  }

  /** Its layout on {@code abi}. */
  public StructLayout layoutOn(Abi abi) {
    return StructLayout.of(this, abi);
  }
}
