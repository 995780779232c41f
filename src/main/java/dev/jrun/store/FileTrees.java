package dev.jrun.store;

import dev.jrun.JrunException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** Recursive deletion that never follows symbolic links out of the tree. */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Deletes root and everything under it; a missing root is fine. Fails on the first entry it cannot
     * remove. Iterative (a layer may nest directories thousands deep) and without Files.walkFileTree,
     * whose first use costs ~5-10 ms of a cold start (a run --rm deletes its container's directory).
     *
     * <p>Each entry is first simply removed (java.io.File.delete: unlink, or rmdir for a directory), which is
     * all a file, a symbolic link (removed, never followed) or an empty directory needs: one system call and
     * no attribute objects or exceptions, where java.nio.file's lookups and deletes cost a run --rm ~2 ms
     * interpreted. Only what that leaves (a directory with entries, or an entry that cannot be removed) is
     * looked at, without following links.
     */
    public static void delete(Path root) {
        Deque<File> todo = new ArrayDeque<>();
        Deque<File> dirs = new ArrayDeque<>(); // in the order found: popped, children come before parents
        todo.push(root.toFile());
        while (!todo.isEmpty()) {
            File f = todo.pop();
            if (f.delete()) {
                continue;
            }
            Path p = f.toPath();
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                failUnlessGone(root, p);
                continue;
            }
            String[] names = f.list();
            if (names == null) {
                throw new JrunException("delete " + root + ": cannot list " + p);
            }
            dirs.push(f);
            for (String n : names) {
                todo.push(new File(f, n));
            }
        }
        while (!dirs.isEmpty()) {
            File d = dirs.pop();
            if (!d.delete()) {
                failUnlessGone(root, d.toPath());
            }
        }
    }

    /** After a failed File.delete: fine if p is gone, else the failure with its reason (from Files.delete). */
    private static void failUnlessGone(Path root, Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new JrunException("delete " + root + ": " + e.getMessage(), e);
        }
    }

    /** Like {@link #delete} but ignores failures, for best-effort cleanup of temp files. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (JrunException ignored) {
            // best effort: a later cleanup tries again
        }
    }
}
