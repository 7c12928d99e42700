package dev.abilock.processor;

import static dev.abilock.core.DeclarationMessage.*;
import static dev.abilock.core.ManifestMessage.*;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.abilock.core.manifest.AtomicFile;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.processor.check.Gates;
import dev.abilock.processor.check.Options;
import dev.abilock.processor.model.Declared;
import dev.abilock.processor.names.CodecNames;
import dev.abilock.processor.read.LayoutReader;
import dev.abilock.processor.read.Problem;
import dev.abilock.processor.read.SourceMap;
import dev.abilock.processor.read.StructReader;
import dev.abilock.processor.write.CodecWriter;
import dev.abilock.processor.write.DocsWriter;
import dev.abilock.processor.write.HeaderWriter;
import dev.abilock.processor.write.StructCodecWriter;
import dev.abilock.processor.write.StructDocsWriter;
import dev.abilock.processor.write.StructHeaderWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * The abilock annotation processor. Data flows one way, package by package: {@code read} (elements
 * to layouts, every declaration error of a class at once) -> {@code check} (options, the manifest
 * file, gate A: manifest in sync; gate B: published layouts unchanged) -> {@code write} (codecs,
 * headers, docs), for continuation words and argument structs alike. Below {@code read} and {@code
 * write}, {@code names} spells every generated name once. A class with declaration errors gets no
 * codec, and while any error stands no manifest, header or docs are written; every other class
 * still gets its codec. No exception reaches javac: an internal failure is reported as an error on
 * the element being processed.
 */
@AutoService(Processor.class)
public final class AbilockProcessor extends AbstractProcessor {
  /** Folder under CLASS_OUTPUT for headers and docs, so that they ship in the jar. */
  static final String OUTPUT_FOLDER = "abilock/";

  /** A layout read in this compile, with where it came from. */
  private record Read(Declared declared, SourceMap sources, TypeElement type) {}

  private final Map<String, Read> layouts = new TreeMap<>();

  /** A struct read in this compile, with where it came from. */
  /**
   * A struct read without errors; {@code root} when its class is compiled here, not only found
   * through an op's {@code reads} (then its codec, header and docs are written where its own source
   * compiles, while its lines still reach the manifest and the gates).
   */
  private record ReadStruct(StructReader.Result result, TypeElement type, boolean root) {}

  /** The classes read as structs so far, with errors or without: each is read once. */
  private final Set<String> structClasses = new TreeSet<>();

  private final Map<String, ReadStruct> structs = new TreeMap<>();

  /** Every struct and continuable name read so far, with its kind and class: one namespace. */
  private final Map<String, String> names = new TreeMap<>();

  private boolean failed;
  private Reporter reporter;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    reporter = new Reporter(env.getMessager());
  }

  /**
   * Every compile, not only those that mention an abilock annotation: deleting the last
   * {@code @Continuable} of a module must still meet the manifest, where it may be published.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Options.ALL;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      if (round.processingOver()) {
        if (!failed) {
          Map<String, Gates.Source> declared = new LinkedHashMap<>();
          layouts.forEach(
              (name, r) ->
                  declared.put(name, new Gates.Source(r.declared().layout(), r.sources())));
          Map<String, Gates.StructSource> declaredStructs = new LinkedHashMap<>();
          structs.forEach(
              (name, r) ->
                  declaredStructs.put(
                      name,
                      new Gates.StructSource(
                          r.result().struct().orElseThrow(), r.result().sources())));
          Options options = Options.of(processingEnv.getOptions());
          new Gates(processingEnv.getElementUtils(), options, reporter, declared, declaredStructs)
              .run()
              .ifPresent(manifest -> writeReferences(manifest, options));
        }
      } else {
        processRound(round);
      }
    } catch (RuntimeException | Error e) {
      failed = true;
      reporter.report(INTERNAL_ERROR, "this compile", stackTrace(e));
    }
    return false;
  }

  /**
   * Reads the {@code @AbiStruct} classes of this round. A struct with errors stops nothing else but
   * the manifest, headers and docs, which wait until no error stands.
   */
  private void processStructs(RoundEnvironment round) {
    TypeElement abiStruct = processingEnv.getElementUtils().getTypeElement(StructReader.ABI_STRUCT);
    if (abiStruct == null) {
      return;
    }
    List<TypeElement> types =
        round.getElementsAnnotatedWith(abiStruct).stream()
            .filter(e -> e instanceof TypeElement)
            .map(e -> (TypeElement) e)
            .sorted(Comparator.comparing(t -> t.getQualifiedName().toString()))
            .toList();
    for (TypeElement type : types) {
      processStruct(type, true);
    }
  }

  /**
   * Reads one {@code @AbiStruct} class, once per compile: a round's annotated class ({@code root}),
   * or a class an op {@code reads} that is not among this compile's sources (the Maven plugin's
   * check hands javac only the files that declare, and an IDE may compile one file): its lines must
   * reach the manifest all the same, or the manifest would name a struct it does not record.
   */
  private void processStruct(TypeElement type, boolean root) {
    if (!structClasses.add(type.getQualifiedName().toString())) {
      return;
    }
    try {
      StructReader.Result result = StructReader.read(type);
      result.problems().forEach(reporter::report);
      if (!result.problems().isEmpty()) {
        failed = true;
        return;
      }
      String name = result.struct().orElseThrow().name();
      String qualified = type.getQualifiedName().toString();
      String previous = names.putIfAbsent(name, "struct " + qualified);
      if (previous != null) {
        failed = true;
        reporter.report(
            Problem.at(result.sources().struct(), "name", NAME_TAKEN, "struct", name, previous));
        return;
      }
      structs.put(name, new ReadStruct(result, type, root));
      if (root) {
        writeStructCodec(result, type);
      }
    } catch (RuntimeException e) {
      failed = true;
      reporter.report(type, INTERNAL_ERROR, type.getQualifiedName(), stackTrace(e));
    }
  }

  /**
   * Writes {@code <Struct>Codec} for a struct read without errors, with its members' Java names and
   * types, whatever other classes of the compile hold.
   */
  private void writeStructCodec(StructReader.Result result, TypeElement type) {
    Map<String, StructCodecWriter.JavaMember> java = new LinkedHashMap<>();
    result
        .javaFields()
        .forEach(
            (abiName, f) ->
                java.put(abiName, new StructCodecWriter.JavaMember(f.name(), f.type().keyword())));
    JavaFile file =
        StructCodecWriter.write(
            result.struct().orElseThrow(),
            ClassName.get(type),
            java,
            generatedAvailable(),
            type,
            foreignAvailable());
    writeSource(file, type);
  }

  /**
   * Writes a generated source through the Filer in one piece: JavaPoet renders into a {@code
   * StringBuilder}, where {@code JavaFile.writeTo(Filer)} hands javac's unbuffered writer every
   * token, a tenth of the processor's time at 1,000 continuables (JFR).
   */
  private void writeSource(JavaFile file, TypeElement type) {
    String text = file.toString();
    String name =
        file.packageName().isEmpty()
            ? file.typeSpec().name()
            : file.packageName() + "." + file.typeSpec().name();
    try {
      JavaFileObject source =
          processingEnv
              .getFiler()
              .createSourceFile(
                  name, file.typeSpec().originatingElements().toArray(new Element[0]));
      try (Writer w = source.openWriter()) {
        w.write(text);
      }
    } catch (IOException e) {
      failed = true;
      reporter.report(
          type,
          INTERNAL_ERROR,
          type.getQualifiedName(),
          REASON_CANNOT_WRITE.text(file.typeSpec().name(), e.getMessage()));
    }
  }

  /**
   * Whether the compile targets Java 22 or later, where {@code java.lang.foreign} is final and a
   * struct codec also gets its {@code MemorySegment} side. Read from the constant's name: the
   * processor runs on Java 17, which has no {@code RELEASE_22}.
   */
  private boolean foreignAvailable() {
    String name = processingEnv.getSourceVersion().name();
    try {
      return Integer.parseInt(name.substring(name.indexOf('_') + 1)) >= 22;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private boolean generatedAvailable() {
    return processingEnv.getElementUtils().getTypeElement("javax.annotation.processing.Generated")
        != null;
  }

  private void processRound(RoundEnvironment round) {
    processStructs(round);
    TypeElement continuable =
        processingEnv.getElementUtils().getTypeElement(LayoutReader.CONTINUABLE);
    if (continuable == null) {
      return;
    }
    List<TypeElement> types =
        round.getElementsAnnotatedWith(continuable).stream()
            .filter(e -> e instanceof TypeElement)
            .map(e -> (TypeElement) e)
            .sorted(Comparator.comparing(t -> t.getQualifiedName().toString()))
            .toList();
    List<Read> read = new ArrayList<>();
    List<TypeElement> structsRead = new ArrayList<>();
    for (TypeElement type : types) {
      try {
        LayoutReader.Result result = LayoutReader.read(type);
        result.problems().forEach(reporter::report);
        if (!result.problems().isEmpty()) {
          failed = true;
          continue;
        }
        Declared declared = result.declared().orElseThrow();
        String taken = names.get(declared.name());
        if (taken != null && taken.startsWith("struct ")) {
          failed = true;
          reporter.report(
              Problem.at(
                  result.sources().continuable(),
                  "name",
                  NAME_TAKEN,
                  "continuable",
                  declared.name(),
                  taken));
          continue;
        }
        Read previous = layouts.get(declared.name());
        if (previous != null) {
          failed = true;
          reporter.report(
              Problem.at(
                  result.sources().continuable(),
                  "name",
                  DUPLICATE_NAME,
                  declared.name(),
                  previous.type().getQualifiedName()));
          continue;
        }
        names.putIfAbsent(declared.name(), "continuable " + type.getQualifiedName());
        Read r = new Read(declared, result.sources(), type);
        layouts.put(declared.name(), r);
        read.add(r);
        structsRead.addAll(result.structsRead());
      } catch (RuntimeException e) {
        failed = true;
        reporter.report(type, INTERNAL_ERROR, type.getQualifiedName(), stackTrace(e));
      }
    }
    for (TypeElement struct : structsRead) {
      processStruct(struct, false);
    }
    // Only the classes read without errors are here: one mistake must not leave every other
    // handler's codec reference unresolved (AutoValue too drops only the failing class). The
    // manifest, headers and docs wait until no error stands, in the last round.
    boolean generated = generatedAvailable();
    for (Read r : read) {
      JavaFile file =
          CodecWriter.write(
              r.declared(), CodecNames.codecName(ClassName.get(r.type())), generated, r.type());
      writeSource(file, r.type());
    }
  }

  /**
   * Writes the C headers and docs of the layouts and structs declared in this compile, under
   * CLASS_OUTPUT {@code abilock/} and into the optional {@code abilock.headers} / {@code
   * abilock.docs} folders. They run after the gates because each entry shows its manifest status.
   */
  private void writeReferences(Manifest manifest, Options options) {
    List<Layout> all =
        manifest.continuables().stream()
            .map(
                name ->
                    layouts.containsKey(name)
                        ? layouts.get(name).declared().layout()
                        : manifest.layout(name))
            .toList();
    Map<String, String> headers = new TreeMap<>();
    Map<String, String> docs = new TreeMap<>();
    for (Read r : layouts.values()) {
      Layout layout = r.declared().layout();
      headers.put(HeaderWriter.fileName(layout), HeaderWriter.write(r.declared(), manifest));
      docs.put(DocsWriter.markdownName(layout), DocsWriter.markdown(r.declared(), manifest));
      docs.put(DocsWriter.svgName(layout), DocsWriter.svg(layout));
    }
    for (ReadStruct r : structs.values()) {
      if (!r.root()) {
        continue;
      }
      StructDecl struct = r.result().struct().orElseThrow();
      headers.put(
          StructHeaderWriter.fileName(struct),
          StructHeaderWriter.write(struct, r.result().headerPrefix()));
      docs.put(
          StructDocsWriter.markdownName(struct),
          StructDocsWriter.markdown(struct, StructDocsWriter.readers(struct.name(), all)));
      docs.put(StructDocsWriter.svgName(struct), StructDocsWriter.svg(struct));
    }
    if (!layouts.isEmpty() || !structs.isEmpty()) {
      Set<String> structNames = new TreeSet<>(manifest.structs());
      structNames.addAll(structs.keySet());
      List<StructDecl> allStructs =
          structNames.stream()
              .map(
                  name ->
                      structs.containsKey(name)
                          ? structs.get(name).result().struct().orElseThrow()
                          : manifest.struct(name))
              .toList();
      docs.put("index.md", DocsWriter.index(all, allStructs, manifest));
    }
    Element[] origins =
        java.util.stream.Stream.concat(
                layouts.values().stream().map(Read::type),
                structs.values().stream().map(ReadStruct::type))
            .toArray(Element[]::new);
    ClassOutput classOutput = new ClassOutput(origins);
    write(headers, options.headers(), classOutput);
    write(docs, options.docs(), classOutput);
  }

  private void write(Map<String, String> files, String folder, ClassOutput classOutput) {
    for (Map.Entry<String, String> file : files.entrySet()) {
      try {
        classOutput.write(file.getKey(), file.getValue());
        if (folder != null) {
          AtomicFile.writeIfChanged(Path.of(folder).resolve(file.getKey()), file.getValue());
        }
      } catch (IOException | RuntimeException e) {
        reporter.report(OUTPUT_WRITE_FAILED, file.getKey(), e);
      }
    }
  }

  /**
   * The headers and docs under CLASS_OUTPUT {@code abilock/}. javac's Filer checks each new file
   * against every input and every file it created before in the compile, which is quadratic in the
   * three references per continuable (at 1,000 continuables, about a third of a second per
   * compile). So under javac's own Filer, once the first file is seen to land on disk where its URI
   * says, the rest are written beside it: the folder is the one the Filer chose. Any other Filer
   * (an IDE's, which tracks what it writes; ecj's, whose check is a hash set) and any file manager
   * that keeps its files elsewhere (in memory, or written later) gets every file through the Filer.
   */
  private final class ClassOutput {
    private final Element[] origins;
    private boolean located;
    private Path folder;

    ClassOutput(Element[] origins) {
      this.origins = origins;
    }

    void write(String name, String text) throws IOException {
      if (folder != null) {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return;
      }
      FileObject resource =
          processingEnv
              .getFiler()
              .createResource(StandardLocation.CLASS_OUTPUT, "", OUTPUT_FOLDER + name, origins);
      Path file = located ? null : onDisk(resource, name);
      if (file != null) {
        Files.deleteIfExists(file); // so that a file left by an earlier build proves nothing
      }
      try (Writer w = new OutputStreamWriter(resource.openOutputStream(), StandardCharsets.UTF_8)) {
        w.write(text);
      }
      if (!located) {
        located = true;
        if (file != null && Files.isRegularFile(file) && Files.readString(file).equals(text)) {
          folder = file.getParent();
          for (int i = 1; i < Path.of(name).getNameCount(); i++) {
            folder = folder.getParent(); // name may hold folders of its own
          }
        }
      }
    }

    /**
     * Where javac's Filer says {@code resource} goes, when that is a file on the default file
     * system.
     */
    private Path onDisk(FileObject resource, String name) {
      if (!processingEnv.getFiler().getClass().getName().startsWith("com.sun.tools.javac.")) {
        return null;
      }
      try {
        URI uri = resource.toUri();
        Path file = "file".equals(uri.getScheme()) ? Path.of(uri) : null;
        return file != null && file.endsWith(OUTPUT_FOLDER + name) ? file : null;
      } catch (IllegalArgumentException | FileSystemNotFoundException | SecurityException e) {
        return null;
      }
    }
  }

  static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
