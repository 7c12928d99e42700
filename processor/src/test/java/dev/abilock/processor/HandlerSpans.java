package dev.abilock.processor;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.abilock.processor.names.CodecNames;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Runs beside abilock's processor in a test compile and records where each {@code @Continuable}
 * class lies in its file, so that a test can tell which handler a diagnostic is about (the
 * innermost class around its position) and so which codecs a compile may write.
 */
final class HandlerSpans extends AbstractProcessor {
  /** A handler's source range and the path under which compile-testing lists its codec. */
  record Span(URI file, long start, long end, String codecPath) {
    boolean contains(URI uri, long position) {
      return file.equals(uri) && start <= position && position < end;
    }
  }

  private final List<Span> spans = new ArrayList<>();
  private Trees trees;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    trees = Trees.instance(env);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("dev.abilock.Continuable");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        TreePath path = e instanceof TypeElement ? trees.getPath(e) : null;
        if (path == null) {
          continue;
        }
        CompilationUnitTree unit = path.getCompilationUnit();
        SourcePositions positions = trees.getSourcePositions();
        ClassName codec = CodecNames.codecName(ClassName.get((TypeElement) e));
        spans.add(
            new Span(
                unit.getSourceFile().toUri(),
                positions.getStartPosition(unit, path.getLeaf()),
                positions.getEndPosition(unit, path.getLeaf()),
                "/SOURCE_OUTPUT/"
                    + codec.packageName().replace('.', '/')
                    + "/"
                    + codec.simpleName()
                    + ".java"));
      }
    }
    return false;
  }

  /** The handler {@code d} is about: the innermost recorded class around its position. */
  Optional<Span> handlerOf(Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null || d.getPosition() == Diagnostic.NOPOS) {
      return Optional.empty();
    }
    URI uri = d.getSource().toUri();
    return spans.stream()
        .filter(s -> s.contains(uri, d.getPosition()))
        .min(Comparator.comparingLong(s -> s.end() - s.start()));
  }
}
