package dev.jrun.dockerfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed and checked Dockerfile: the ARGs before the first FROM and the stages.
 *
 * @param metaArgs ARG instructions before the first FROM (usable in FROM lines)
 * @param stages the stages in order (at least one)
 * @param syntax the raw parse (directives, warnings, source lines for error excerpts)
 */
public record Dockerfile(List<Instruction.Arg> metaArgs, List<Stage> stages, ParseResult syntax) {

    public Dockerfile {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
    }

    /**
     * Parses Dockerfile text: syntax, then every instruction.
     *
     * @param fileName the name used in error messages ({@code Dockerfile})
     * @throws DockerfileSyntaxException with file, line, column and the offending lines
     */
    public static Dockerfile parse(String fileName, String content) {
        return of(Parser.parse(fileName, content));
    }

    /** The typed layer over an existing raw parse. */
    public static Dockerfile of(ParseResult syntax) {
        Dockerfile df = Instructions.parse(syntax);
        if (df.stages.isEmpty()) {
            Node last = syntax.instructions().get(syntax.instructions().size() - 1);
            throw syntax.error(last, "no FROM instruction: a Dockerfile needs at least one build stage");
        }
        return df;
    }

    /** Reads and parses a Dockerfile (UTF-8, bad bytes replaced). */
    public static Dockerfile parse(Path file) throws IOException {
        return of(Parser.parse(file));
    }

    /** The stage named {@code ref} (or with that index), searching from the last one as docker does. */
    public Optional<Stage> stage(String ref) {
        for (int i = stages.size() - 1; i >= 0; i--) {
            if (stages.get(i).answersTo(ref)) {
                return Optional.of(stages.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * An error about {@code instruction} (for the builder: a failed expansion, a missing COPY
     * source, an unknown stage), located on its lines and showing them; {@code cause} may be null.
     */
    public DockerfileSyntaxException error(Instruction instruction, String reason, Throwable cause) {
        Instruction.Source src = instruction.source();
        return syntax.error(src.startLine(), src.endLine(), reason, cause);
    }

    /** The stage built by default: the last one. */
    public Stage lastStage() {
        return stages.get(stages.size() - 1);
    }
}
