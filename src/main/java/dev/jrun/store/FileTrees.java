package dev.jrun.store;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Recursive deletion that never follows symbolic links out of the tree. */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes root and everything under it; a missing root is fine. Fails on the first entry it cannot remove. */
    public static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
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
