package dev.jrun.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            s.filter(TempCleaner::ownerIsGone).forEach(FileTrees::deleteQuietly);
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
}
