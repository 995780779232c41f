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
 * rely on one. The embeddable API (which does) is used from its own JVMs, never through Main.main.
 */
class ShutdownHooksTest {
    @Test
    void noCliCodeRegistersAShutdownHookOrDeleteOnExit() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/jrun"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(Path.of("src/main/java/dev/jrun/api")))
                    .filter(ShutdownHooksTest::registersHook)
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), offenders);
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
