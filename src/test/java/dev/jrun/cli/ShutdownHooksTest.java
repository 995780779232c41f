package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Main.main ends the CLI with Runtime.halt, which runs no shutdown hook: so the code the CLI runs must not
 * rely on one. The embeddable API (dev.jrun.embed, whose owner cleanup is a hook) runs in its users' JVMs,
 * never through Main.main; ShutdownHooksTest also checks that no CLI class names it.
 */
class ShutdownHooksTest {
    @Test
    void noCliCodeRegistersAShutdownHookOrDeleteOnExit() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/jrun"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(Path.of("src/main/java/dev/jrun/api"))
                            && !p.startsWith(Path.of("src/main/java/dev/jrun/embed")))
                    .filter(ShutdownHooksTest::registersHook)
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), offenders);
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/jrun/cli"))) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> contains(p, "ShutdownCleanup")).collect(Collectors.toList()));
        }
    }

    private static boolean contains(Path p, String text) {
        try {
            return Files.readString(p).contains(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean registersHook(Path p) {
        try {
            String s = Files.readString(p);
            return s.contains("addShutdownHook") || s.contains("deleteOnExit");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
