package dev.jrun.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Unpacks layer blobs (tar, tar+gzip, tar+zstd, told apart by magic bytes) into directories,
 * confined to the target directory whatever the tar says (see {@link SafePaths}), and measures the
 * blob's digest and diffID while streaming.
 */
public final class LayerUnpacker {
    /** Threads that write new files while the tar is read: -Djrun.unpack.writers=N, 0 for none. */
    private static final int WRITER_THREADS = Integer.getInteger("jrun.unpack.writers",
            Math.min(4, Runtime.getRuntime().availableProcessors()));
    private final FileSystemOps ops;
    private final int writerThreads;

    public LayerUnpacker(FileSystemOps ops) {
        this(ops, WRITER_THREADS);
    }

    /** writerThreads: threads that create new files in the background; 0 writes every entry in order. */
    LayerUnpacker(FileSystemOps ops, int writerThreads) {
        this.ops = ops;
        this.writerThreads = writerThreads;
    }

    /**
     * Unpacks {@code blob} into the existing directory {@code target}, on top of what is there.
     * Reads the blob to its end. On failure, target holds a partial layer: use
     * {@link #unpackAtomically} for anything that must never be seen half-done.
     *
     * @throws LayerEntryException naming the entry that was refused or could not be written
     * @throws LayerException for a corrupt blob, a full disk, or a digest that is not the expected one
     */
    public UnpackResult unpack(InputStream blob, Path target, UnpackOptions options) {
        if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new LayerException("unpack target " + target + " is not a directory");
        }
        long entries = 0;
        try (BlobPipeline tar = new BlobPipeline(blob)) {
            TarReader in = new TarReader(tar);
            boolean fresh;
            try (java.util.stream.Stream<Path> children = Files.list(target)) {
                fresh = children.findAny().isEmpty();
            }
            EntryWriter writer = new EntryWriter(target, ops, options, fresh, writerThreads);
            try {
                TarEntry entry;
                while ((entry = in.next()) != null) {
                    writer.write(entry, in);
                    entries++;
                }
                writer.finish();
            } finally {
                writer.close();
            }
            UnpackResult r = tar.finish();
            if (options.expectedDigest() != null && !options.expectedDigest().equals(r.digest())) {
                throw new LayerException("layer blob has digest " + r.digest() + ", expected "
                        + options.expectedDigest() + "; the download is corrupt or was tampered with");
            }
            return new UnpackResult(r.diffId(), r.digest(), r.compressedSize(), r.uncompressedSize(),
                    r.compression(), entries);
        } catch (IOException e) {
            if (EntryWriter.isDiskFull(e)) {
                throw new LayerException("disk full while unpacking into " + target + ": " + e.getMessage(), e);
            }
            throw new LayerException("reading layer for " + target + " after " + entries + " entries: " + e.getMessage(), e);
        }
    }

    /**
     * Unpacks into a new sibling {@code finalDir.tmp-<random>}, then renames it to {@code finalDir},
     * so finalDir exists only complete. The temporary directory is deleted on any failure.
     *
     * @throws LayerException also when finalDir already exists
     */
    public UnpackResult unpackAtomically(InputStream blob, Path finalDir, UnpackOptions options) {
        Path parent = finalDir.toAbsolutePath().getParent();
        refuseExisting(finalDir);
        Path temp = parent.resolve(finalDir.getFileName() + ".tmp-" + HexFormat.of().formatHex(randomBytes()));
        try {
            Files.createDirectories(parent);
            Files.createDirectory(temp);
        } catch (IOException e) {
            throw new LayerException("creating " + temp + ": " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            UnpackResult result = unpack(blob, temp, options);
            refuseExisting(finalDir);
            try {
                Files.move(temp, finalDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                throw new LayerException("cannot move unpacked layer to " + finalDir + ": it already exists", e);
            } catch (AtomicMoveNotSupportedException e) {
                throw new LayerException("cannot rename " + temp + " to " + finalDir + " atomically", e);
            } catch (IOException e) {
                throw new LayerException("renaming " + temp + " to " + finalDir + ": " + e.getMessage(), e);
            }
            done = true;
            return result;
        } finally {
            if (!done) {
                deleteQuietly(temp);
            }
        }
    }

    private static void refuseExisting(Path finalDir) {
        if (Files.exists(finalDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new LayerException("cannot unpack layer into " + finalDir + ": it already exists");
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        Random.INSTANCE.nextBytes(b);
        return b;
    }

    /** Made on first use: seeding a SecureRandom costs ~10 ms of CPU, and plain unpacks never need it. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /** Removes a tree without following symlinks; used only to clean up after failures. */
    static void deleteQuietly(Path dir) {
        try {
            new Tree(new SafePaths(dir), null, UnpackOptions.flatten(false), new java.util.HashMap<>()).remove(dir);
        } catch (IOException | RuntimeException e) {
            // best effort: the directory is named .tmp- and never taken for a finished layer
        }
    }
}
