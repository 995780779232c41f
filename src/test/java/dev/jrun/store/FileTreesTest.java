package dev.jrun.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recursive deletion removes links, never what they point to, and handles deep trees without recursion. */
class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void deletesTheTreeButNothingItsLinksPointTo() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside/keep"));
        Files.writeString(outside.resolve("file"), "precious");
        Path root = Files.createDirectories(tmp.resolve("root/a/b/c"));
        Path tree = tmp.resolve("root");
        Files.writeString(root.resolve("f"), "x");
        Files.createSymbolicLink(tree.resolve("a/out"), outside);
        Files.createSymbolicLink(tree.resolve("a/b/abs"), Path.of("/"));
        Files.createSymbolicLink(tree.resolve("a/in"), tree.resolve("a/b"));
        Files.createSymbolicLink(tree.resolve("dangling"), tmp.resolve("nowhere"));
        Files.createFile(tree.resolve("a/b/empty"));
        FileTrees.delete(tree);
        assertFalse(Files.exists(tree, LinkOption.NOFOLLOW_LINKS));
        assertEquals("precious", Files.readString(outside.resolve("file")));
        assertTrue(Files.isDirectory(Path.of("/etc")));
        FileTrees.delete(tree); // a missing root is fine
    }

    @Test
    void deepTreesAndASingleFile() throws IOException {
        Path root = tmp.resolve("deep");
        Path p = root;
        for (int i = 0; i < 1000; i++) {
            p = p.resolve("d");
        }
        Files.createDirectories(p);
        Files.writeString(p.resolve("leaf"), "x");
        FileTrees.delete(root);
        assertFalse(Files.exists(root));
        Path file = Files.writeString(tmp.resolve("single"), "x");
        FileTrees.delete(file);
        assertFalse(Files.exists(file));
    }

    /** An entry the kernel refuses to remove (immutable, as root can make it): the error names it and the reason. */
    @Test
    void aFailureNamesTheEntryAndKeepsTheRest() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("stuck/a"));
        Path stuck = Files.writeString(tree.resolve("immutable"), "x");
        Files.writeString(tree.resolve("other"), "y");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("chattr", "+i", stuck.toString()).inheritIO().start().waitFor() == 0,
                "needs root and a filesystem with immutable files (chattr +i)");
        try {
            dev.jrun.JrunException e = org.junit.jupiter.api.Assertions.assertThrows(dev.jrun.JrunException.class,
                    () -> FileTrees.delete(tmp.resolve("stuck")));
            assertTrue(e.getMessage().contains(stuck.toString()), e.getMessage());
            assertTrue(Files.exists(stuck));
        } finally {
            new ProcessBuilder("chattr", "-i", stuck.toString()).inheritIO().start().waitFor();
        }
        FileTrees.delete(tmp.resolve("stuck"));
        assertFalse(Files.exists(tmp.resolve("stuck")));
    }
}
