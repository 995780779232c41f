package dev.jrun.api;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A monitor's hold on one container's monitor.lock, kept while it watches the container, so other jrun
 * processes can tell "a monitor will record the exit" ({@link Monitor#watched}) from "nobody watches".
 * One JVM watches many containers: it opens each lock file once, since closing any channel on a file
 * drops every lock this process holds on it (POSIX record locks); a second watch of the same container
 * in this JVM waits for the first to end instead of opening the file again.
 */
final class Watch implements AutoCloseable {
    private static final Set<String> WATCHED_HERE = ConcurrentHashMap.newKeySet();
    private final String id;
    private final FileChannel channel;

    private Watch(String id, FileChannel channel) {
        this.id = id;
        this.channel = channel;
    }

    /** Takes container id's monitor.lock, trying for up to waitMillis; null if another watch keeps it. */
    static Watch acquire(Jrun jrun, String id, long waitMillis) throws IOException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (!WATCHED_HERE.add(id)) {
            if (System.nanoTime() >= deadline) {
                return null;
            }
            sleep(20);
        }
        Path file = jrun.paths().container(id).resolve(Monitor.LOCK_FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            WATCHED_HERE.remove(id);
            throw e;
        }
        try {
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null; // cannot happen while WATCHED_HERE holds id; treated as busy
                }
                if (l != null) {
                    return new Watch(id, ch);
                }
                if (System.nanoTime() >= deadline) {
                    ch.close();
                    WATCHED_HERE.remove(id);
                    return null;
                }
                sleep(50);
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            WATCHED_HERE.remove(id);
            throw e;
        }
    }

    /** True while this JVM watches container id. */
    static boolean here(String id) {
        return WATCHED_HERE.contains(id);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close(); // releases the lock
        } finally {
            WATCHED_HERE.remove(id);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
