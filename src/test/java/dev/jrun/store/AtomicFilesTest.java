package dev.jrun.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-file replacement, durable and volatile: the new content, shorter or longer, and no temp file left. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void replacesTheContentWholeAndLeavesNoTempFile() throws IOException {
        Path f = tmp.resolve("state.json");
        AtomicFiles.write(f, "a longer first content".getBytes(StandardCharsets.UTF_8));
        assertEquals("a longer first content", Files.readString(f));
        AtomicFiles.writeVolatile(f, "short".getBytes(StandardCharsets.UTF_8));
        assertEquals("short", Files.readString(f));
        byte[] big = new byte[1 << 20];
        java.util.Arrays.fill(big, (byte) 'x');
        AtomicFiles.write(f, big);
        assertArrayEquals(big, Files.readAllBytes(f));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(f), s.toList());
        }
    }
}
