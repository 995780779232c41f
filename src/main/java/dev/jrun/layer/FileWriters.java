package dev.jrun.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.function.BiFunction;

/**
 * Worker threads that create regular files while the unpacker goes on reading the tar: most of an
 * unpack is the kernel's work in open(2), and this overlaps it with decompression, hashing, tar
 * parsing and the next files. The caller submits only files whose name nothing else in flight can
 * touch (see EntryWriter) and calls {@link #drain()} before any entry that could; at most
 * {@link #MAX_BYTES} of content wait in memory. The first failure is rethrown, as the caller's
 * exception for that entry, by the next submit or drain.
 */
final class FileWriters implements AutoCloseable {
    /** Files larger than this are written by the caller, in chunks, not held in memory. */
    static final int MAX_FILE = 4 << 20;
    private static final long MAX_BYTES = 64L << 20;
    private static final int MAX_JOBS = 4096;
    /** Jobs go to the threads in batches: one wake-up per batch, not per file (wake-ups are slow on a busy machine). */
    private static final int BATCH_JOBS = 64;
    private static final long BATCH_BYTES = 4L << 20;

    private static final byte[] NONE = new byte[0];

    /**
     * One file to create: a regular file with {@code data} when {@code linkTarget} is null, else a
     * symlink; {@code chown} and {@code chmod} (regular files only) apply when true, then the times.
     */
    record Job(String entry, Path path, byte[] data, String linkTarget, int permissions, boolean chown, int uid,
               int gid, boolean chmod, int mode, long mtimeNanos) {
        static Job symlink(String entry, Path path, String target, boolean chown, int uid, int gid, long mtimeNanos) {
            return new Job(entry, path, NONE, target, 0, chown, uid, gid, false, 0, mtimeNanos);
        }
    }

    private final FileSystemOps ops;
    private final BiFunction<String, IOException, LayerException> failure;
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final Thread[] threads;
    /** Filled by the caller's thread, unsynchronized, until {@link #flush()}. */
    private final java.util.ArrayList<Job> batch = new java.util.ArrayList<>();
    private long batchBytes;
    private long queuedBytes;
    private int unfinished;
    private boolean callerWaiting;
    private boolean closed;
    private volatile LayerException failed;

    /** failure: turns an entry's write error into what the unpack throws. */
    FileWriters(FileSystemOps ops, int threads, BiFunction<String, IOException, LayerException> failure) {
        this.ops = ops;
        this.failure = failure;
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "jrun-layer-writer-" + i);
            t.setDaemon(true);
            this.threads[i] = t;
            t.start();
        }
    }

    /** Queues a file (in the next batch); waits while too much content is queued. */
    void submit(Job job) {
        rethrow();
        batch.add(job);
        batchBytes += job.data().length;
        if (batch.size() >= BATCH_JOBS || batchBytes >= BATCH_BYTES) {
            flush();
        }
    }

    /** Hands the batch to the threads, first waiting until the queue is under half its limits. */
    private synchronized void flush() {
        if (batch.isEmpty()) {
            return;
        }
        while (failed == null && unfinished > 0 && (queuedBytes + batchBytes > MAX_BYTES || unfinished >= MAX_JOBS)) {
            callerWaiting = true;
            await();
        }
        callerWaiting = false;
        rethrow();
        queue.addAll(batch);
        queuedBytes += batchBytes;
        unfinished += batch.size();
        batch.clear();
        batchBytes = 0;
        notifyAll();
    }

    /** Waits until every queued file is written; rethrows the first failure. */
    void drain() {
        flush();
        synchronized (this) {
            while (unfinished > 0 && failed == null) {
                callerWaiting = true;
                await();
            }
            callerWaiting = false;
        }
        rethrow();
    }

    private void rethrow() {
        if (failed != null) {
            throw failed;
        }
    }

    private void await() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LayerException("interrupted while writing layer files", e);
        }
    }

    private void work() {
        while (true) {
            Job job;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                job = queue.removeFirst();
            }
            LayerException error = null;
            if (failed == null) {
                try {
                    write(job);
                } catch (IOException e) {
                    error = failure.apply(job.entry(), e);
                } catch (RuntimeException e) {
                    error = new LayerEntryException(job.entry(), e.getMessage(), e);
                }
            }
            synchronized (this) {
                if (error != null && failed == null) {
                    failed = error;
                }
                queuedBytes -= job.data().length;
                unfinished--;
                if (callerWaiting && (error != null || unfinished == 0
                        || (queuedBytes <= MAX_BYTES / 2 && unfinished <= MAX_JOBS / 2))) {
                    notifyAll();
                }
            }
        }
    }

    private void write(Job job) throws IOException {
        if (job.linkTarget() != null) {
            ops.symlink(job.path(), job.linkTarget());
            if (job.chown()) {
                ops.lchown(job.path(), job.uid(), job.gid());
            }
            ops.setTimes(job.path(), job.mtimeNanos(), job.mtimeNanos());
            return;
        }
        try (FileSystemOps.NewFile file = ops.createFile(job.path(), job.permissions())) {
            file.write(job.data(), 0, job.data().length);
            if (job.chown()) {
                file.chown(job.uid(), job.gid());
            }
            if (job.chmod()) {
                file.chmod(job.mode());
            }
            file.setTimes(job.mtimeNanos(), job.mtimeNanos());
        }
    }

    /** Stops the threads; files still queued are not written (call {@link #drain()} first to keep them). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
