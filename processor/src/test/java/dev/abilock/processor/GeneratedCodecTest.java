package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.abilock.runtime.AbiViolationException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Codecs of layouts the examples do not have, compiled here and called. */
class GeneratedCodecTest {
  @TempDir Path dir;

  private Class<?> codec(String name, String... lines) throws ClassNotFoundException {
    Compilation c =
        Sources.compile(dir.resolve("abilock.manifest"), "update", Sources.source(name, lines));
    assertThat(c).succeeded();
    return new LoadedCodec.MemoryLoader(c).loadClass("test." + name + "Codec");
  }

  private static Object call(Class<?> codec, String method, Object... args) throws Throwable {
    Method m =
        Arrays.stream(codec.getMethods())
            .filter(x -> x.getName().equals(method))
            .findFirst()
            .orElseThrow();
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void aByteOpcodeWithCodesAbove127DecodesItsOwnWords() throws Throwable {
    Class<?> codec =
        codec(
            "Wide",
            "@Continuable(name = \"wide\")",
            "public class Wide {",
            "  @Op(continues = \"x\") static final int BIG = 200;",
            "  @Op static final int SMALL = 1;",
            "  @Opcode(bits = 8) byte op;",
            "  @ContinuationField(bits = 8) long x;",
            "}");
    long word = (long) call(codec, "encode", (byte) 200, 5L);
    assertEquals(0x5c8L, word);
    Object state = call(codec, "decode", word);
    assertEquals("State[op=-56, x=5]", state.toString(), "the byte is the op's bit pattern, 200");
    assertEquals(1L, call(codec, "validate", 1L));
    assertInstanceOf(
        AbiViolationException.class,
        assertThrows(Throwable.class, () -> call(codec, "decode", 0x5c9L)));
  }

  @Test
  void encodeTakesTheOpcodeFirstWhereverItIsDeclared() throws Throwable {
    Class<?> codec =
        codec(
            "Late",
            "@Continuable(name = \"late\", width = 32)",
            "public class Late {",
            "  @Op(continues = \"count\") static final int RUN = 3;",
            "  @ContinuationField(shift = 4, bits = 20) int count;",
            "  @Opcode(shift = 0, bits = 4) int cmd;",
            "}");
    assertEquals(0x53L, call(codec, "encode", 3, 5), "cmd 3 in bits 0..3, count 5 from bit 4");
    Class<?> state =
        Arrays.stream(codec.getClasses())
            .filter(c -> c.getSimpleName().equals("State"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        List.of("cmd", "count"),
        Arrays.stream(state.getRecordComponents()).map(c -> c.getName()).toList());
  }

  @Test
  void shortAndByteFieldsAreUnsignedAndNeverTruncated() throws Throwable {
    Class<?> codec =
        codec(
            "Small",
            "@Continuable(name = \"small\", width = 32)",
            "public class Small {",
            "  @ContinuationField(bits = 16) short lo;",
            "  @ContinuationField(bits = 7) byte mid;",
            "  @ContinuationField(bits = 1) boolean flag;",
            "}");
    assertEquals(
        0xffffL | (0x7fL << 16) | (1L << 23), call(codec, "encode", (short) -1, (byte) 0x7f, true));
    AbiViolationException e =
        (AbiViolationException)
            assertThrows(Throwable.class, () -> call(codec, "encode", (short) 0, (byte) -1, false));
    assertEquals("mid", e.field());
    assertEquals(0xffL, e.word(), "-1 is the byte pattern 0xff, which needs 8 bits");
    assertEquals((short) -1, call(codec, "lo", 0xffffL));
    assertInstanceOf(
        AbiViolationException.class,
        assertThrows(Throwable.class, () -> call(codec, "validate", 1L << 24)));
  }

  @Test
  void anInPlaceShortReachingBit15TakesItsNegativePatterns() throws Throwable {
    // Found by HeaderAgreementPropertiesTest while tuning encode's range check: a short's sign
    // extension must not count as bits outside the field.
    Class<?> codec =
        codec(
            "Top",
            "@Continuable(name = \"top\", width = 32)",
            "public class Top {",
            "  @ContinuationField(shift = 10, bits = 6, encoding = Encoding.IN_PLACE) short index;",
            "}");
    assertEquals(0xfc00L, call(codec, "encode", (short) 0xfc00));
    AbiViolationException e =
        (AbiViolationException)
            assertThrows(Throwable.class, () -> call(codec, "encode", (short) 0xfc01));
    assertEquals(0xfc01L, e.word());
  }
}
