package dev.abilock.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.abilock.processor.manifest.Manifest;
import dev.abilock.processor.model.Layout;
import dev.abilock.processor.read.LayoutReader;
import dev.abilock.processor.read.Problem;
import dev.abilock.processor.read.Site;
import dev.abilock.processor.read.SourceMap;
import dev.abilock.processor.write.CodecWriter;
import dev.abilock.processor.write.DocsWriter;
import dev.abilock.processor.write.HeaderWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The abilock annotation processor. Data flows one way: {@code read} (elements to layouts, every
 * declaration error of a class at once) -> {@code check} (gate A: manifest in sync; gate B:
 * published layouts unchanged) -> {@code write} (codecs, manifest). No exception reaches javac:
 * an internal failure is reported as an error on the element being processed.
 */
@AutoService(Processor.class)
public final class AbilockProcessor extends AbstractProcessor {
  static final String OPTION_MANIFEST = "abilock.manifest";
  static final String OPTION_MODE = "abilock.mode";
  static final String OPTION_RELEASE = "abilock.release";
  static final String OPTION_HEADERS = "abilock.headers";
  static final String OPTION_DOCS = "abilock.docs";
  /** Folder under CLASS_OUTPUT for headers and docs, so that they ship in the jar. */
  static final String OUTPUT_FOLDER = "abilock/";

  /** A layout read in this compile, with where it came from. */
  private record Read(Layout layout, SourceMap sources, TypeElement type) {}

  private final Map<String, Read> layouts = new TreeMap<>();
  private boolean failed;
  private Messager messager;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    messager = env.getMessager();
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
    return Set.of(OPTION_MANIFEST, OPTION_MODE, OPTION_RELEASE, OPTION_HEADERS, OPTION_DOCS);
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
          Map<String, Gates.Declared> declared = new LinkedHashMap<>();
          layouts.forEach((name, r) -> declared.put(name, new Gates.Declared(r.layout(), r.sources())));
          new Gates(processingEnv, declared).run().ifPresent(manifest -> writeReferences(manifest));
        }
      } else {
        processRound(round);
      }
    } catch (RuntimeException | Error e) {
      failed = true;
      messager.printMessage(Diagnostic.Kind.ERROR, Message.INTERNAL_ERROR.format("this compile", stackTrace(e)));
    }
    return false;
  }

  private void processRound(RoundEnvironment round) {
    TypeElement continuable = processingEnv.getElementUtils().getTypeElement("dev.abilock.Continuable");
    if (continuable == null) {
      return;
    }
    List<TypeElement> types = round.getElementsAnnotatedWith(continuable).stream()
        .filter(e -> e instanceof TypeElement)
        .map(e -> (TypeElement) e)
        .sorted(Comparator.comparing(t -> t.getQualifiedName().toString()))
        .toList();
    List<Read> read = new ArrayList<>();
    for (TypeElement type : types) {
      try {
        LayoutReader.Result result = LayoutReader.read(type);
        result.problems().forEach(this::report);
        if (!result.problems().isEmpty()) {
          failed = true;
          continue;
        }
        Layout layout = result.layout().orElseThrow();
        Read previous = layouts.get(layout.name());
        if (previous != null) {
          failed = true;
          report(Problem.at(result.sources().continuable(), "name", Message.DUPLICATE_NAME.format(layout.name(),
              previous.type().getQualifiedName())));
          continue;
        }
        Read r = new Read(layout, result.sources(), type);
        layouts.put(layout.name(), r);
        read.add(r);
      } catch (RuntimeException e) {
        failed = true;
        messager.printMessage(Diagnostic.Kind.ERROR, Message.INTERNAL_ERROR.format(type.getQualifiedName(),
            stackTrace(e)), type);
      }
    }
    // A compile with declaration errors writes nothing.
    if (failed) {
      return;
    }
    boolean generated = processingEnv.getElementUtils().getTypeElement("javax.annotation.processing.Generated") != null;
    for (Read r : read) {
      JavaFile file = CodecWriter.write(r.layout(), CodecWriter.codecName(ClassName.get(r.type())), generated, r.type());
      try {
        file.writeTo(processingEnv.getFiler());
      } catch (IOException e) {
        failed = true;
        messager.printMessage(Diagnostic.Kind.ERROR, Message.INTERNAL_ERROR.format(r.type().getQualifiedName(),
            "cannot write " + file.typeSpec().name() + ": " + e.getMessage()), r.type());
      }
    }
  }

  /**
   * Writes the C headers and docs of the layouts declared in this compile, under CLASS_OUTPUT
   * {@code abilock/} and into the optional {@code abilock.headers} / {@code abilock.docs} folders.
   * They run after the gates because each entry shows its manifest status.
   */
  private void writeReferences(Manifest manifest) {
    List<Layout> all = manifest.continuables().stream().map(manifest::layout).toList();
    Map<String, String> headers = new TreeMap<>();
    Map<String, String> docs = new TreeMap<>();
    for (Read r : layouts.values()) {
      headers.put(HeaderWriter.fileName(r.layout()), HeaderWriter.write(r.layout(), manifest));
      docs.put(DocsWriter.markdownName(r.layout()), DocsWriter.markdown(r.layout(), manifest));
      docs.put(DocsWriter.svgName(r.layout()), DocsWriter.svg(r.layout()));
    }
    if (!layouts.isEmpty()) {
      docs.put("index.md", DocsWriter.index(all.stream()
          .map(l -> layouts.containsKey(l.name()) ? layouts.get(l.name()).layout() : l).toList(), manifest));
    }
    Element[] origins = layouts.values().stream().map(Read::type).toArray(Element[]::new);
    Map<String, String> options = processingEnv.getOptions();
    write(headers, options.get(OPTION_HEADERS), origins);
    write(docs, options.get(OPTION_DOCS), origins);
  }

  private void write(Map<String, String> files, String folder, Element[] origins) {
    for (Map.Entry<String, String> file : files.entrySet()) {
      try {
        FileObject resource = processingEnv.getFiler()
            .createResource(StandardLocation.CLASS_OUTPUT, "", OUTPUT_FOLDER + file.getKey(), origins);
        try (Writer w = new OutputStreamWriter(resource.openOutputStream(), StandardCharsets.UTF_8)) {
          w.write(file.getValue());
        }
        if (folder != null && !folder.isBlank()) {
          Path target = Path.of(folder.trim()).resolve(file.getKey());
          // Rewrite only on change: a checked-in copy keeps its timestamp and stays out of diffs.
          if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(file.getValue())) {
            Gates.writeAtomically(target, file.getValue());
          }
        }
      } catch (IOException | RuntimeException e) {
        messager.printMessage(Diagnostic.Kind.ERROR, Message.OUTPUT_WRITE_FAILED.format(file.getKey(), e));
      }
    }
  }

  private void report(Problem p) {
    Site site = p.site();
    AnnotationValue value = p.element() != null ? p.element()
        : p.attribute() == null ? null : site.written(p.attribute());
    messager.printMessage(Diagnostic.Kind.ERROR, p.message(), site.element(), site.annotation(), value);
  }

  static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
