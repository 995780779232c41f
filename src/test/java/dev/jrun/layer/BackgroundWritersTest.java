package dev.jrun.layer;

import static dev.jrun.layer.TarBuilder.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.linux.LinuxFileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by background threads end up exactly as when every entry is written in order:
 * same names, types, modes, owners, times (directories included) and contents, whatever the tar
 * does with names it already used.
 */
class BackgroundWritersTest {
    @TempDir
    Path tmp;

    private final FileSystemOps ops = new LinuxFileSystemOps();

    @Test
    void sameTreeAsWritingInOrder() throws IOException {
        TarBuilder t = tar().dir("d", e -> e.setMode(040555));
        for (int i = 0; i < 300; i++) {
            String content = "content " + i + "\n".repeat(i);
            t.file("d/f" + i, content, e -> e.setMode(0100600 | (e.getName().length() % 2 == 0 ? 04000 : 0)));
            t.symlink("d/l" + i, "f" + i);
        }
        t.file("implicit/parent/file", "made before its parent's entry")
                .dir("implicit", e -> e.setMode(040700))
                .dir("implicit/parent")
                .file("d/f7", "replaced")
                .hardlink("d/h7", "d/f7")
                .symlink("d/f8", "f9")
                .file("d/l9", "file over a symlink")
                .symlink("s", "d")
                .file("s/through-link", "x")
                .file("big", "b".repeat(FileWriters.MAX_FILE + 10))
                .file("x", "file then dir").dir("x").file("x/y", "y");
        byte[] layer = t.bytes();
        Map<String, String> inOrder = unpack(layer, 0, "serial");
        Map<String, String> background = unpack(layer, 3, "threads");
        for (String name : inOrder.keySet()) {
            assertEquals(inOrder.get(name), background.get(name), name);
        }
        assertEquals(inOrder.keySet(), background.keySet());
        assertEquals("replaced", Files.readString(tmp.resolve("threads/d/h7")));
        assertTrue(Files.isSymbolicLink(tmp.resolve("threads/d/f8")));
        assertTrue(Files.isRegularFile(tmp.resolve("threads/d/through-link")));
    }

    @Test
    void failureInBackgroundNamesItsEntry() throws IOException {
        String tooLong = "n".repeat(300);
        byte[] layer = tar().file("ok", "1").file(tooLong, "2").file("after", "3").bytes();
        Path root = Files.createDirectory(tmp.resolve("r"));
        LayerEntryException e = assertThrows(LayerEntryException.class, () -> new LayerUnpacker(ops, 2)
                .unpack(new ByteArrayInputStream(layer), root, UnpackOptions.flatten(ops.privileged())));
        assertEquals(tooLong, e.entry(), e.getMessage());
    }

    private Map<String, String> unpack(byte[] layer, int threads, String dir) throws IOException {
        Path root = Files.createDirectory(tmp.resolve(dir));
        new LayerUnpacker(ops, threads).unpack(new ByteArrayInputStream(layer), root, UnpackOptions.overlay(ops.privileged()));
        return TreeSnapshot.of(root, true);
    }
}
