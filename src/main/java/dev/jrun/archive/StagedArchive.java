package dev.jrun.archive;

import dev.jrun.JrunException;
import dev.jrun.store.BlobStore;
import dev.jrun.store.FileTrees;
import dev.jrun.store.BlobStore.Blob;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The files of an image archive (docker-archive or OCI layout in a tar), read in one pass: each regular
 * file is staged in a temp dir of the store with its sha256 and size, and nothing enters the store until
 * the caller has verified it. Closing deletes what was not adopted.
 */
final class StagedArchive implements AutoCloseable {
    private static final long MAX_JSON = 8L << 20;

    private final BlobStore blobs;
    private final Path dir;
    private final String source;
    private final Map<String, Staged> files = new HashMap<>();
    private int counter;

    /** One staged file of the archive. */
    record Staged(Path path, Blob blob) {
    }

    private StagedArchive(BlobStore blobs, String source) {
        this.blobs = blobs;
        this.source = source;
        this.dir = blobs.newTempDir("load-");
    }

    static StagedArchive read(BlobStore blobs, InputStream raw, String source) {
        StagedArchive a = new StagedArchive(blobs, source);
        try {
            a.readAll(raw);
            return a;
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private void readAll(InputStream raw) {
        try {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(4);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new GzipCompressorInputStream(in, true);
            }
            Map<String, String> links = new HashMap<>();
            int entries = 0;
            try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    entries++;
                    String name = clean(e.getName());
                    if (e.isSymbolicLink()) {
                        links.put(name, resolveLink(name, e.getLinkName()));
                    } else if (e.isLink()) {
                        links.put(name, clean(e.getLinkName()));
                    } else if (e.isFile()) {
                        Staged s = new Staged(dir.resolve("f" + counter++), null);
                        Blob blob;
                        try {
                            blob = blobs.stage(tar, s.path());
                        } catch (JrunException ex) {
                            Throwable c = ex.getCause() != null ? ex.getCause() : ex;
                            throw new JrunException("archive " + source + " is truncated or corrupt at entry " + name
                                    + ": " + c.getMessage(), ex);
                        }
                        if (blob.size() != e.getSize()) {
                            throw new JrunException("archive " + source + " is truncated: entry " + name
                                    + " has " + blob.size() + " of " + e.getSize() + " bytes");
                        }
                        files.put(name, new Staged(s.path(), blob));
                    }
                }
            }
            if (entries == 0) {
                throw new JrunException("archive " + source + " is empty or not a tar archive");
            }
            links.forEach((name, target) -> {
                Staged s = files.get(target);
                if (s != null) {
                    files.putIfAbsent(name, s);
                }
            });
        } catch (EOFException e) {
            throw new JrunException("archive " + source + " is truncated", e);
        } catch (IOException e) {
            throw new JrunException("read archive " + source + ": " + e.getMessage(), e);
        }
    }

    private static String clean(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return n;
    }

    private static String resolveLink(String name, String target) {
        if (target.startsWith("/")) {
            return clean(target);
        }
        Path base = Path.of("/" + name).getParent();
        return clean(base.resolve(target).normalize().toString());
    }

    String source() {
        return source;
    }

    boolean has(String name) {
        return files.containsKey(name);
    }

    Staged get(String name) {
        Staged s = files.get(clean(name));
        if (s == null) {
            throw new JrunException("archive " + source + " lacks " + name);
        }
        return s;
    }

    /** A small JSON file's bytes. */
    byte[] bytes(String name) {
        Staged s = get(name);
        if (s.blob().size() > MAX_JSON) {
            throw new JrunException("archive " + source + ": " + name + " is too large (" + s.blob().size() + " bytes)");
        }
        try {
            return Files.readAllBytes(s.path());
        } catch (IOException e) {
            throw new JrunException("read " + name + " of " + source + ": " + e.getMessage(), e);
        }
    }

    InputStream open(String name) throws IOException {
        return Files.newInputStream(get(name).path());
    }

    /** Moves a staged file into the blob store under its (verified) digest. */
    void adopt(String name) {
        Staged s = get(name);
        if (blobs.exists(s.blob().digest())) {
            return;
        }
        try {
            // two names may share one staged file (links): copy so that each adopt finds its source
            Path copy = dir.resolve("a" + counter++);
            Files.createLink(copy, s.path());
            blobs.adopt(copy, s.blob().digest());
        } catch (IOException e) {
            throw new JrunException("store " + name + " of " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        FileTrees.deleteQuietly(dir);
    }
}
