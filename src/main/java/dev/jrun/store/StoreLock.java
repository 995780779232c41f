package dev.jrun.store;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A lock on a file, held across processes (FileChannel.lock) and threads (a read-write lock per path,
 * since the JVM refuses two file locks on one file). The kernel drops it if the process dies.
 *
 * <p>Each path has one entry for the JVM's life: its thread lock, and the open file lock its holders
 * share. A thread waiting for another process's lock on one path waits on that path's entry alone, so
 * the other threads take and release the locks of other paths meanwhile (the JUnit extension's
 * parallel tests, each with containers of its own).
 */
public final class StoreLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, PathLock> PATHS = new ConcurrentHashMap<>();

    private final PathLock lock;
    private final boolean shared;

    /** A path's thread lock, and the file lock shared by the threads that hold the thread lock. */
    private static final class PathLock {
        final Path path;
        final ReentrantReadWriteLock local = new ReentrantReadWriteLock();
        FileChannel channel; // guarded by this
        int users; // guarded by this

        PathLock(Path path) {
            this.path = path;
        }
    }

    private StoreLock(Path path, boolean shared) {
        this.lock = PATHS.computeIfAbsent(path, PathLock::new);
        this.shared = shared;
    }

    public static StoreLock exclusive(Path path) {
        StoreLock l = new StoreLock(path, false);
        l.lock.local.writeLock().lock();
        l.acquire();
        return l;
    }

    public static StoreLock shared(Path path) {
        StoreLock l = new StoreLock(path, true);
        l.lock.local.readLock().lock();
        l.acquire();
        return l;
    }

    private void acquire() {
        PathLock p = lock;
        synchronized (p) {
            try {
                if (p.users == 0) {
                    // the channel of a java.io file ("rw" creates it): FileChannel.open's option sets and
                    // provider layers cost an interpreted run ~0.5 ms per lock; closing the channel closes it
                    p.channel = new java.io.RandomAccessFile(p.path.toString(), "rw").getChannel();
                    p.channel.lock(0, Long.MAX_VALUE, shared);
                }
                p.users++;
            } catch (IOException e) {
                closeQuietly(p); // only the first user opens: no other holder loses its lock
                unlockLocal();
                throw new JrunException("lock " + p.path + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        PathLock p = lock;
        synchronized (p) {
            if (--p.users == 0) {
                closeQuietly(p);
            }
        }
        unlockLocal();
    }

    private void unlockLocal() {
        if (shared) {
            lock.local.readLock().unlock();
        } else {
            lock.local.writeLock().unlock();
        }
    }

    private static void closeQuietly(PathLock p) {
        try {
            if (p.channel != null) {
                p.channel.close();
            }
        } catch (IOException ignored) {
            // closing a lock file cannot lose data
        }
        p.channel = null;
    }
}
