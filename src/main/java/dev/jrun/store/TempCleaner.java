package dev.jrun.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes what a killed jrun left in the store's tmp dir. Temp names carry the owner's pid
 * ({@code blob-<pid>-...}); an entry whose process is gone is garbage. Only completed files are ever
 * renamed out of tmp, so this can never remove anything the store references.
 */
final class TempCleaner {

    private TempCleaner() {
    }

    static void clean(StorePaths paths) {
        if (!Files.isDirectory(paths.tmp())) {
            return;
        }
        // java.io's list, not a DirectoryStream: closing the first one of a JVM links ~10 ms of method handles
        String[] names = paths.tmp().toFile().list();
        for (String name : names == null ? new String[0] : names) {
            Path p = paths.tmp().resolve(name);
            if (ownerIsGone(p)) {
                FileTrees.deleteQuietly(p);
            }
        }
    }

    static boolean ownerIsGone(Path p) {
        long pid = ownerPid(p.getFileName().toString());
        if (pid < 0) {
            return false;
        }
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true);
    }

    /** The pid in {@code <lowercase letters>-<pid>-<rest>}, or -1 (by hand: a regex costs ms at every start). */
    static long ownerPid(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) >= 'a' && name.charAt(i) <= 'z') {
            i++;
        }
        if (i == 0 || i >= name.length() || name.charAt(i) != '-') {
            return -1;
        }
        int start = ++i;
        while (i < name.length() && name.charAt(i) >= '0' && name.charAt(i) <= '9') {
            i++;
        }
        if (i == start || i >= name.length() || name.charAt(i) != '-' || i - start > 18) {
            return -1;
        }
        return Long.parseLong(name.substring(start, i));
    }
}
