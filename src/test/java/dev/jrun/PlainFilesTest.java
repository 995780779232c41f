package dev.jrun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** java.io reads of whole files: regular files of any size, procfs files (size 0), and Files' errors. */
class PlainFilesTest {
    @TempDir
    Path tmp;

    @Test
    void readsARegularFileWhole() throws IOException {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Path f = Files.write(tmp.resolve("f"), data);
        assertArrayEquals(data, PlainFiles.read(f));
        assertArrayEquals(new byte[0], PlainFiles.read(Files.write(tmp.resolve("empty"), new byte[0])));
    }

    @Test
    void readsProcfsFilesToTheirEnd() throws IOException {
        // procfs reports size 0: a read that trusted the size would return nothing
        String status = PlainFiles.readString(Path.of("/proc/self/status"));
        assertTrue(status.startsWith("Name:") && status.contains("\nUid:") && status.endsWith("\n"), status);
    }

    @Test
    void aMissingFileIsNoSuchFileAndOtherFailuresAreNot() {
        assertThrows(NoSuchFileException.class, () -> PlainFiles.read(tmp.resolve("missing")));
        assertThrows(NoSuchFileException.class, () -> PlainFiles.open(tmp.resolve("missing/below")));
        IOException dir = assertThrows(IOException.class, () -> PlainFiles.read(tmp));
        assertFalse(dir instanceof NoSuchFileException, dir.toString());
    }
}
