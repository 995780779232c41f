package dev.jrun.store;

import dev.jrun.JrunException;
import dev.jrun.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
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
            return Files.readAllBytes(paths.blob(d));
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
            MessageDigest md = Digest.sha256();
            long size;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch);
                 DigestInputStream din = new DigestInputStream(in, md)) {
                size = din.transferTo(out);
                ch.force(false);
            }
            Digest actual = Digest.fromSha256(md);
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
        MessageDigest md = Digest.sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(ch)) {
            long size = new DigestInputStream(in, md).transferTo(out);
            ch.force(false);
            return new Blob(Digest.fromSha256(md), size);
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
