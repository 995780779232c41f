package dev.jrun.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes what a killed jrun left in the store's tmp dir. Temp names carry the owner's pid
 * ({@code blob-<pid>-...}); an entry whose process is gone is garbage. Only completed files are ever
 * renamed out of tmp, so this can never remove anything the store references.
 */
final class TempCleaner {
    private static final Pattern OWNER = Pattern.compile("^[a-z]+-(\\d+)-.*");

    private TempCleaner() {
    }

    static void clean(StorePaths paths) {
        if (!Files.isDirectory(paths.tmp())) {
            return;
        }
        try (Stream<Path> s = Files.list(paths.tmp())) {
            s.filter(TempCleaner::ownerIsGone).forEach(TempCleaner::deleteTree);
        } catch (IOException ignored) {
            // cleanup is best effort; the next start tries again
        }
    }

    static boolean ownerIsGone(Path p) {
        Matcher m = OWNER.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true);
    }

    static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
