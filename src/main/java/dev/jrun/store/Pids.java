package dev.jrun.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's pid, for temp-file names. {@code ProcessHandle.current()} initializes ProcessHandleImpl
 * (its reaper thread factory and a completion map: ~4 ms of a cold start); the /proc/self link is one
 * readlink.
 */
public final class Pids {
    private static long self;

    private Pids() {
    }

    public static long self() {
        long p = self;
        if (p == 0) {
            try {
                p = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
            } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
                p = ProcessHandle.current().pid(); // no procfs
            }
            self = p;
        }
        return p;
    }

    /** Whether a process with this pid exists (a zombie counts): /proc/PID is there. */
    public static boolean exists(long pid) {
        if (Files.exists(Path.of("/proc/" + pid))) {
            return true;
        }
        if (Files.exists(Path.of("/proc/self"))) {
            return false;
        }
        java.util.Optional<ProcessHandle> h = ProcessHandle.of(pid); // no procfs
        return h.isPresent() && h.get().isAlive();
    }
}
