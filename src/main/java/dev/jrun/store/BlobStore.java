package dev.jrun.store;

import dev.jrun.JrunException;
import dev.jrun.PlainFiles;
import dev.jrun.image.Digest;
import dev.jrun.image.NativeSha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Blobs named by their sha256: written to a temp file in the same filesystem, fsynced, verified,
 * then renamed into place, so a blob is never visible half-written.
 */
public final class BlobStore {
    private final StorePaths paths;

    public BlobStore(StorePaths paths) {
        this.paths = paths;
    }

    /** A stored blob: its digest and size. */
    public record Blob(Digest digest, long size) {
    }

    public boolean exists(Digest d) {
        return Files.isRegularFile(paths.blob(d));
    }

    public Path path(Digest d) {
        return paths.blob(d);
    }

    public long size(Digest d) {
        try {
            return Files.size(paths.blob(d));
        } catch (NoSuchFileException e) {
            throw missing(d);
        } catch (IOException e) {
            throw new JrunException("stat blob " + d + ": " + e.getMessage(), e);
        }
    }

    public byte[] read(Digest d) {
        try {
            return PlainFiles.read(paths.blob(d));
        } catch (NoSuchFileException e) {
            throw missing(d);
        } catch (IOException e) {
            throw new JrunException("read blob " + d + ": " + e.getMessage(), e);
        }
    }

    public InputStream open(Digest d) {
        try {
            return Files.newInputStream(paths.blob(d));
        } catch (NoSuchFileException e) {
            throw missing(d);
        } catch (IOException e) {
            throw new JrunException("open blob " + d + ": " + e.getMessage(), e);
        }
    }

    private static JrunException missing(Digest d) {
        return new JrunException("blob " + d + " is missing from the store");
    }

    public Blob put(byte[] data) {
        Digest d = Digest.sha256(data);
        if (exists(d)) {
            return new Blob(d, data.length);
        }
        return put(new java.io.ByteArrayInputStream(data), d, "data");
    }

    /**
     * Streams {@code in} into the store. When {@code expected} is given and the content does not match,
     * nothing is stored and the error names both digests and {@code source}.
     */
    public Blob put(InputStream in, Digest expected, String source) {
        Path tmp = newTempFile("blob-");
        try {
            Blob copied;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                copied = copySynced(in, ch);
            }
            Digest actual = copied.digest();
            long size = copied.size();
            if (expected != null && !expected.equals(actual)) {
                throw new JrunException("digest mismatch for " + source + ": expected " + expected + ", got " + actual);
            }
            commit(tmp, actual);
            return new Blob(actual, size);
        } catch (IOException e) {
            throw new JrunException("write blob from " + source + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Writes a stream to a new file in {@code dir} (a temp dir of this store), fsynced, returning its
     * sha256 and size. {@link #adopt} later renames it into place once the caller has verified it.
     */
    public Blob stage(InputStream in, Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            return copySynced(in, ch);
        } catch (IOException e) {
            throw new JrunException("write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Renames a staged file (see {@link #stage}) whose content is known to have digest d into the store. */
    public void adopt(Path staged, Digest d) {
        try {
            commit(staged, d);
        } catch (IOException e) {
            throw new JrunException("store blob " + d + ": " + e.getMessage(), e);
        }
    }

    /** Bytes copied per read, digest update and write: 1 MiB (InputStream.transferTo's 16 KiB cost ~1/3 more time). */
    static final int COPY_CHUNK = 1 << 20;
    /** Written bytes after which a flush of what is written so far starts in the background. */
    static final long FLUSH_BEHIND = 32L << 20;

    /**
     * Copies in to ch, digesting, and returns its sha256 and size with everything on disk (fdatasync).
     * A stream longer than the first 64 KiB read is digested by libcrypto ({@link NativeSha256}) when it
     * can be loaded: the JDK's SHA-256 is slow until C2 compiles it, which short commands never reach in
     * time. Shorter ones keep the JDK's (loading jffi and libcrypto would cost more). A big blob's bytes are
     * flushed behind the copy: each time another {@link #FLUSH_BEHIND} bytes are written, a background
     * fdatasync starts (if the last one is done), so the disk writes while the network still sends and
     * the final fdatasync only waits for the tail. Without it a 200 MB pull ended in a 160-250 ms fdatasync
     * of the whole blob (24 GB of RAM: the kernel's own writeback starts only at 2.4 GB dirty or after 30 s).
     */
    private static Blob copySynced(InputStream in, FileChannel ch) throws IOException {
        byte[] buf = new byte[64 << 10]; // grown to COPY_CHUNK for big blobs: most blobs are small
        MessageDigest md;
        long size = 0;
        long flushedAt = 0;
        java.util.concurrent.Future<?> flush = null;
        try {
            // the first 64 KiB are read whole: a stream that ends within them is small
            int first = in.readNBytes(buf, 0, buf.length);
            md = first == buf.length ? NativeSha256.create() : null;
            md = md != null ? md : Digest.sha256();
            for (int n = first; n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                size += n;
                if (n == buf.length && buf.length < COPY_CHUNK) {
                    buf = new byte[COPY_CHUNK];
                }
                if (size - flushedAt >= FLUSH_BEHIND && (flush == null || flush.isDone())) {
                    flushedAt = size;
                    flush = Flusher.start(ch);
                }
            }
            if (flush != null) {
                Flusher.await(flush);
            }
        } finally {
            if (flush != null) {
                flush.cancel(false); // failed copy: the channel closes; a running force just ends
            }
        }
        ch.force(false);
        return new Blob(Digest.fromSha256(md), size);
    }

    /** The daemon thread that runs flushes behind copies (one for the process: the disk is one too). */
    private static final class Flusher {
        static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jrun-flush");
            t.setDaemon(true);
            return t;
        });

        static java.util.concurrent.Future<?> start(FileChannel ch) {
            return POOL.submit(() -> {
                ch.force(false);
                return null;
            });
        }

        static void await(java.util.concurrent.Future<?> f) throws IOException {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("flush: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while flushing");
            }
        }
    }

    /** Moves a finished, fsynced temp file to the blob's name (a no-op if the blob exists already). */
    private void commit(Path tmp, Digest d) throws IOException {
        Path target = paths.blob(d);
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new JrunException("store temp dir " + paths.tmp() + " is not on the blob filesystem", e);
        }
    }

    /** A new empty file under the store's tmp dir, named so that a later cleanup knows its owner. */
    public Path newTempFile(String prefix) {
        try {
            Files.createDirectories(paths.tmp());
            return newTemp(prefix, ".tmp", false);
        } catch (IOException e) {
            throw new JrunException("create temp file in " + paths.tmp() + ": " + e.getMessage(), e);
        }
    }

    /** A new temp directory under the store's tmp dir, named after this process. */
    public Path newTempDir(String prefix) {
        try {
            Files.createDirectories(paths.tmp());
            return newTemp(prefix, "", true);
        } catch (IOException e) {
            throw new JrunException("create temp dir in " + paths.tmp() + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong TEMP_COUNTER = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() & 0xffffffffL);
    private static long pid;

    /**
     * {@code <prefix><pid>-<counter><suffix>} in tmp, created exclusively (retried on a clash). Not
     * Files.createTempFile: its SecureRandom costs ~15 ms of entropy set-up in every jrun process.
     */
    private Path newTemp(String prefix, String suffix, boolean dir) throws IOException {
        if (pid == 0) {
            pid = ProcessHandle.current().pid();
        }
        for (int attempt = 0; ; attempt++) {
            Path p = paths.tmp().resolve(prefix + pid + "-" + Long.toHexString(TEMP_COUNTER.incrementAndGet()) + suffix);
            try {
                // owner-only, as Files.createTemp* make them
                return dir ? Files.createDirectory(p, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")))
                        : Files.createFile(p, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 1000) {
                    throw e;
                }
            }
        }
    }

    /** All digests in the store. */
    public List<Digest> list() {
        Path dir = paths.blobs().resolve("sha256");
        List<Digest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                if (Digest.isValid("sha256:" + name)) {
                    out.add(Digest.parse("sha256:" + name));
                }
            });
        } catch (IOException e) {
            throw new JrunException("list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Re-hashes a blob; true if its content matches its name. */
    public boolean verify(Digest d) {
        try (InputStream in = open(d)) {
            return Digest.sha256(in).equals(d);
        } catch (IOException e) {
            throw new JrunException("read blob " + d + ": " + e.getMessage(), e);
        }
    }

    public void delete(Digest d) {
        deleteQuietly(paths.blob(d));
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file is removed by the next cleanup
        }
    }
}
