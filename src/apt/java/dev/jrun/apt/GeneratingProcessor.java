package dev.jrun.apt;

import java.io.IOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * What jrun's build-time generators share: they collect elements in every round and write one source
 * file when processing is over; what they cannot translate is an {@link Unsupported} reason, printed as a
 * note, and that element keeps its runtime path (picocli, Jackson).
 */
abstract class GeneratingProcessor extends AbstractProcessor {
    private boolean written;

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public final boolean process(Set<? extends TypeElement> annotations, RoundEnvironment env) {
        collect(env);
        if (env.processingOver() && !written) {
            written = true;
            generate();
        }
        return false;
    }

    /** Takes this round's elements. */
    abstract void collect(RoundEnvironment env);

    /** Writes the generated file(s), once, after the last round. */
    abstract void generate();

    void writeSource(String qualifiedName, String source) {
        try (Writer w = processingEnv.getFiler().createSourceFile(qualifiedName).openWriter()) {
            w.write(source);
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "jrun: write " + qualifiedName + ": " + e);
        }
    }

    void note(String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, "jrun: " + message);
    }

    String binaryName(TypeElement t) {
        return processingEnv.getElementUtils().getBinaryName(t).toString();
    }

    static String annotationName(AnnotationMirror m) {
        return ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().toString();
    }

    /** Java string literal of s. */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** An element the generator does not translate, and why. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why);
        }
    }
}
