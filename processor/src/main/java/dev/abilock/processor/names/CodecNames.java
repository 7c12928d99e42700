package dev.abilock.processor.names;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every name a codec defines, and every name its method bodies use unqualified. A field's Java name
 * is a getter, a parameter of {@code encode} and {@code checkOp} and a component of {@code State},
 * so it must not take one of these.
 */
public final class CodecNames {
  private CodecNames() {}

  public static final String NAME = "NAME";
  public static final String WIDTH = "WIDTH";
  public static final String COMPAT_WIDTH = "COMPAT_WIDTH";
  public static final String ENCODE = "encode";
  public static final String VALIDATE = "validate";
  public static final String DECODE = "decode";

  /**
   * Suffix of the compat twins of {@code encode}, {@code validate}, {@code decode} and the op
   * table.
   */
  public static final String COMPAT = "Compat";

  public static final String CHECK_OP = "checkOp";
  public static final String OP_NAME = "opName";
  public static final String STRAY_BITS = "strayBits";
  public static final String STATE = "State";
  public static final String INVALID = "invalid";

  /** The exception the codec throws, by its simple name (package {@code dev.abilock.runtime}). */
  public static final String VIOLATION = "AbiViolationException";

  /**
   * Methods a getter {@code static T javaName(long word)} could clash with: those taking one {@code
   * long} or {@code int}, and {@code checkOp}, which takes one parameter per field.
   */
  public static final Set<String> METHODS =
      Set.of(
          ENCODE,
          VALIDATE,
          DECODE,
          ENCODE + COMPAT,
          VALIDATE + COMPAT,
          DECODE + COMPAT,
          CHECK_OP,
          OP_NAME);

  /**
   * Component names a record may not have (JLS 8.10.1); {@code decode} returns a record of every
   * field.
   */
  public static final Set<String> RECORD_FORBIDDEN =
      Set.of(
          "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

  /**
   * Simple type names the bodies of {@code encode} and {@code checkOp} use unqualified, where every
   * field's Java name is a parameter: a parameter named like one would shadow it.
   */
  private static final Set<String> TYPES_IN_BODIES =
      Set.of("Integer", "Short", "Byte", "String", VIOLATION, "IllegalStateException", STATE);

  /** The op table of a table-driven {@code validate}, native or compat. */
  public static String refused(boolean compat) {
    return compat ? "REFUSED_" + COMPAT : "REFUSED";
  }

  /** Names the codec of {@code handler}: {@code p.Outer.Inner} -> {@code p.Outer_InnerCodec}. */
  public static ClassName codecName(ClassName handler) {
    return ClassName.get(handler.packageName(), String.join("_", handler.simpleNames()) + "Codec");
  }

  /**
   * The constants a codec defines for the field with ABI name {@code abiName}: {@code
   * START_EXTENT_SHIFT}, ...
   */
  public static List<String> fieldConstants(String abiName, boolean compat) {
    return FieldConstant.of(compat).stream().map(c -> c.inCodec(abiName)).toList();
  }

  /**
   * Names a field's Java name may not take because {@code encode} and {@code checkOp}, whose
   * parameters the Java names are, refer to them: the codec's own constants (those of {@code
   * abiNames}' fields included) and the types their bodies name.
   */
  public static Set<String> shadowedByParameters(List<String> abiNames, boolean compat) {
    Set<String> names = new TreeSet<>(List.of(NAME, WIDTH, COMPAT_WIDTH));
    names.addAll(TYPES_IN_BODIES);
    abiNames.forEach(n -> names.addAll(fieldConstants(n, compat)));
    return names;
  }

  /**
   * The local holding a field's value in decode: suffixed, so that it neither clashes with the
   * method's own names ({@code word}, {@code bits}) nor obscures a constant or a class it uses.
   */
  public static String local(String javaName) {
    return javaName + "Value";
  }
}
