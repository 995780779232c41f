package dev.jrun.store;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A lock on a file, held across processes (FileChannel.lock) and threads (a read-write lock per path,
 * since the JVM refuses two file locks on one file). The kernel drops it if the process dies.
 */
public final class StoreLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantReadWriteLock> LOCAL = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Path, Holder> HELD = new ConcurrentHashMap<>();

    private final Path path;
    private final boolean shared;
    private final ReentrantReadWriteLock local;

    /** One open file lock per path in this JVM, shared by the threads holding its local lock. */
    private static final class Holder {
        FileChannel channel;
        FileLock lock;
        int users;
    }

    private StoreLock(Path path, boolean shared) {
        this.path = path;
        this.shared = shared;
        this.local = LOCAL.computeIfAbsent(path, p -> new ReentrantReadWriteLock());
    }

    public static StoreLock exclusive(Path path) {
        StoreLock l = new StoreLock(path, false);
        l.local.writeLock().lock();
        l.acquire();
        return l;
    }

    public static StoreLock shared(Path path) {
        StoreLock l = new StoreLock(path, true);
        l.local.readLock().lock();
        l.acquire();
        return l;
    }

    private void acquire() {
        synchronized (HELD) {
            Holder h = HELD.computeIfAbsent(path, p -> new Holder());
            try {
                if (h.users == 0) {
                    // the channel of a java.io file ("rw" creates it): FileChannel.open's option sets and
                    // provider layers cost an interpreted run ~0.5 ms per lock; closing the channel closes it
                    h.channel = new java.io.RandomAccessFile(path.toString(), "rw").getChannel();
                    h.lock = h.channel.lock(0, Long.MAX_VALUE, shared);
                }
                h.users++;
            } catch (IOException e) {
                unlockLocal();
                closeQuietly(h);
                throw new JrunException("lock " + path + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (HELD) {
            Holder h = HELD.get(path);
            if (h != null && --h.users == 0) {
                closeQuietly(h);
                HELD.remove(path);
            }
        }
        unlockLocal();
    }

    private void unlockLocal() {
        if (shared) {
            local.readLock().unlock();
        } else {
            local.writeLock().unlock();
        }
    }

    private static void closeQuietly(Holder h) {
        try {
            if (h.channel != null) {
                h.channel.close();
            }
        } catch (IOException ignored) {
            // closing a lock file cannot lose data
        }
        h.channel = null;
        h.lock = null;
    }
}
