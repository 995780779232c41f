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

    /**
     * A file renamed into place while it is read (a container's config.json while another run lists the
     * containers) reads whole or as missing, never as another error: the open that missed it and the
     * check that saw it land must not make a FileNotFoundException out of a file that is there.
     */
    @Test
    void aFileThatAppearsMeanwhileReadsWholeOrAsMissing() throws Exception {
        Path target = tmp.resolve("config.json");
        Path staged = tmp.resolve("config.json.tmp");
        byte[] data = "{\"id\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread flicker = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.write(staged, data);
                    Files.move(staged, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.delete(target);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        flicker.start();
        int whole = 0;
        int missing = 0;
        try {
            for (int i = 0; i < 50_000 && (whole < 200 || missing < 200); i++) {
                try {
                    assertArrayEquals(data, PlainFiles.read(target));
                    whole++;
                } catch (NoSuchFileException e) {
                    missing++;
                }
            }
        } finally {
            stop.set(true);
            flicker.join();
        }
        assertTrue(whole > 0 && missing > 0, "both cases were met: " + whole + " whole, " + missing + " missing");
    }
}
