package dev.abilock.processor;

import com.google.testing.compile.Compilation;
import dev.abilock.core.generate.LayoutSpec;
import dev.abilock.processor.model.Declared;
import dev.abilock.processor.model.FieldType;
import dev.abilock.runtime.AbiViolationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * A generated codec compiled in memory and driven reflectively with unsigned bit patterns: every
 * value goes in and comes out as the {@code long} holding its Java type's bits.
 */
final class LoadedCodec {
  /** Thrown when anything but {@link AbiViolationException} escapes a codec method. */
  static final class Escaped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Escaped(String method, Throwable cause) {
      super(method + " let " + cause + " escape; only AbiViolationException may", cause);
    }
  }

  /**
   * The class files of a compile, loaded from memory; the runtime and annotations come from the
   * test's loader.
   */
  static final class MemoryLoader extends ClassLoader {
    private final Map<String, byte[]> classes = new HashMap<>();

    MemoryLoader(Compilation c) {
      super(LoadedCodec.class.getClassLoader());
      for (JavaFileObject f : c.generatedFiles()) {
        if (f.getKind() != JavaFileObject.Kind.CLASS) {
          continue;
        }
        // compile-testing names them mem:///CLASS_OUTPUT/<package path>/<Name>.class
        String path = f.toUri().getPath();
        String marker = "/CLASS_OUTPUT/";
        String name =
            path.substring(
                    path.indexOf(marker) + marker.length(), path.length() - ".class".length())
                .replace('/', '.');
        try (InputStream in = f.openInputStream()) {
          classes.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }

  final LayoutSpec spec;
  final Declared model;
  final Class<?> type;

  /** The parameters of {@code encode} and the components of {@code State}, in order. */
  final List<LayoutSpec.F> params = new ArrayList<>();

  private final Method encode;
  private final Method validate;
  private final Method decode;
  private final Method encodeCompat;
  private final Method validateCompat;
  private final Method decodeCompat;
  private final Map<String, Method> getters = new HashMap<>();
  private final RecordComponent[] state;

  LoadedCodec(ClassLoader loader, String pkg, LayoutSpec spec) throws ReflectiveOperationException {
    this.spec = spec;
    this.model = JavaSource.model(spec, pkg);
    this.type = loader.loadClass(pkg + "." + spec.simpleName + "Codec");
    Class<?> stateType = loader.loadClass(type.getName() + "$State");
    state = stateType.getRecordComponents();
    for (RecordComponent rc : state) {
      LayoutSpec.F f =
          spec.fields.stream()
              .filter(x -> x.javaName.equals(rc.getName()))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("State component " + rc.getName() + " is no field"));
      if (rc.getType() != javaClass(JavaSource.type(f.type))) {
        throw new AssertionError(
            "State." + rc.getName() + " is " + rc.getType() + ", the field is " + f.type);
      }
      params.add(f);
    }
    // A retired field is no longer carried: neither a component nor an encode parameter.
    long live = spec.fields.stream().filter(f -> f.retired == null).count();
    if (params.size() != live || params.stream().anyMatch(f -> f.retired != null)) {
      throw new AssertionError(
          "State has " + params.size() + " components for " + live + " fields in use");
    }
    Class<?>[] types =
        params.stream().map(f -> javaClass(JavaSource.type(f.type))).toArray(Class<?>[]::new);
    encode = type.getMethod("encode", types);
    validate = type.getMethod("validate", long.class);
    decode = type.getMethod("decode", long.class);
    boolean compat = spec.compat != 0;
    encodeCompat = compat ? type.getMethod("encodeCompat", types) : null;
    validateCompat = compat ? type.getMethod("validateCompat", int.class) : null;
    decodeCompat = compat ? type.getMethod("decodeCompat", int.class) : null;
    for (LayoutSpec.F f : params) {
      Method g = type.getMethod(f.javaName, long.class);
      if (g.getReturnType() != javaClass(JavaSource.type(f.type))) {
        throw new AssertionError("getter " + f.javaName + " returns " + g.getReturnType());
      }
      getters.put(f.abiName, g);
    }
    if (encode.getReturnType() != long.class || validate.getReturnType() != long.class) {
      throw new AssertionError("encode and validate return long");
    }
  }

  static Class<?> javaClass(FieldType t) {
    return switch (t) {
      case LONG -> long.class;
      case INT -> int.class;
      case SHORT -> short.class;
      case BYTE -> byte.class;
      case BOOLEAN -> boolean.class;
    };
  }

  /** The Java value of type {@code t} whose bit pattern is {@code bits} (a boolean is 0 or 1). */
  static Object arg(FieldType t, long bits) {
    return switch (t) {
      case LONG -> bits;
      case INT -> (int) bits;
      case SHORT -> (short) bits;
      case BYTE -> (byte) bits;
      case BOOLEAN -> bits != 0;
    };
  }

  /** The unsigned bit pattern of a Java value. */
  static long unsigned(Object v) {
    if (v instanceof Long l) {
      return l;
    } else if (v instanceof Integer i) {
      return Integer.toUnsignedLong(i);
    } else if (v instanceof Short s) {
      return Short.toUnsignedLong(s);
    } else if (v instanceof Byte b) {
      return Byte.toUnsignedLong(b);
    } else if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new AssertionError("not a field value: " + v);
  }

  private Object[] args(long[] values) {
    Object[] a = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      a[i] = arg(JavaSource.type(params.get(i).type), values[i]);
    }
    return a;
  }

  private static Object invoke(Method m, Object... args) {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof AbiViolationException a) {
        throw a;
      }
      throw new Escaped(m.getName(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  long encode(long[] values) {
    return (long) invoke(encode, args(values));
  }

  int encodeCompat(long[] values) {
    return (int) invoke(encodeCompat, args(values));
  }

  long validate(long word) {
    return (long) invoke(validate, word);
  }

  int validateCompat(int word) {
    return (int) invoke(validateCompat, word);
  }

  /** {@code decode(word)}'s components, in parameter order, as unsigned patterns. */
  long[] decode(long word) {
    return components(invoke(decode, word));
  }

  long[] decodeCompat(int word) {
    return components(invoke(decodeCompat, word));
  }

  private long[] components(Object record) {
    long[] out = new long[state.length];
    for (int i = 0; i < state.length; i++) {
      try {
        out[i] = unsigned(state[i].getAccessor().invoke(record));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  /** The raw getter of the field with ABI name {@code abiName}. */
  long get(String abiName, long word) {
    return unsigned(invoke(getters.get(abiName), word));
  }
}
