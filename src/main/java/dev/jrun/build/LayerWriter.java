package dev.jrun.build;

import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.MediaTypes;
import dev.jrun.store.BlobStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a layer straight from {@link FsEntry}s: entries sorted by path, ownership and modes as given,
 * no user/group names, mtimes clamped to {@code clampMtime} when set, gzip with a fixed header, so the
 * same entries always give the same diffID and digest. The blob goes into the store.
 */
public final class LayerWriter {
    private LayerWriter() {
    }

    /**
     * A stored layer: its descriptor (compressed digest), diffID (uncompressed digest) and what it
     * does, as reading the tar back would give it (for the stage's {@link LayerIndex}).
     */
    public record Layer(Descriptor descriptor, Digest diffId, List<LayerIndex.Change> changes) {
    }

    /**
     * @param whiteouts paths to delete ({@code dir/.wh..wh..opq} markers allowed as paths ending in it)
     * @param clampMtime seconds; entries newer than this get this mtime; null keeps them
     */
    public static Layer write(BlobStore blobs, Collection<FsEntry> files, Collection<String> whiteouts,
            Long clampMtime) {
        List<Object[]> all = new ArrayList<>();
        for (FsEntry e : files) {
            all.add(new Object[] {e.path(), e});
        }
        for (String w : whiteouts) {
            String name = w.endsWith(".wh..wh..opq") ? w
                    : (FsEntry.parentOf(w).isEmpty() ? "" : FsEntry.parentOf(w) + "/") + ".wh." + FsEntry.nameOf(w);
            all.add(new Object[] {name, null});
        }
        all.sort(Comparator.comparing(o -> (String) o[0]));
        Path tmp = blobs.newTempFile("layer-");
        List<LayerIndex.Change> changes = new ArrayList<>(all.size());
        try {
            MessageDigest diff = Digest.sha256();
            MessageDigest comp = Digest.sha256();
            long size;
            try (OutputStream file = Files.newOutputStream(tmp);
                 DigestOutputStream compOut = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), comp);
                 GZIPOutputStream gz = new FixedGzip(compOut);
                 DigestOutputStream diffOut = new DigestOutputStream(gz, diff);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(diffOut)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true);
                for (Object[] o : all) {
                    LayerIndex.Change c = LayerIndex.change(writeEntry(tar, (String) o[0], (FsEntry) o[1], clampMtime));
                    if (c != null) {
                        changes.add(c);
                    }
                }
                tar.finish();
            }
            size = Files.size(tmp);
            Digest digest = Digest.fromSha256(comp);
            blobs.adopt(tmp, digest);
            return new Layer(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest, size), Digest.fromSha256(diff),
                    changes);
        } catch (IOException e) {
            throw new JrunException("write layer: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the store's temp cleaner removes it
            }
        }
    }

    /** Writes one entry; returns its header. */
    private static TarArchiveEntry writeEntry(TarArchiveOutputStream tar, String name, FsEntry e, Long clamp)
            throws IOException {
        if (e == null) {
            TarArchiveEntry w = new TarArchiveEntry(name);
            w.setModTime(0);
            w.setMode(0100644);
            w.setSize(0);
            tar.putArchiveEntry(w);
            tar.closeArchiveEntry();
            return w;
        }
        long mtime = clamp != null && e.mtime() > clamp ? clamp : Math.max(0, e.mtime());
        TarArchiveEntry t;
        switch (e.kind()) {
            case DIR -> {
                t = new TarArchiveEntry(name + "/");
                t.setMode(040000 | e.mode());
            }
            case SYMLINK -> {
                t = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                t.setLinkName(e.linkTarget());
                t.setMode(0120000 | e.mode());
            }
            case HARDLINK -> {
                t = new TarArchiveEntry(name, TarConstants.LF_LINK);
                t.setLinkName(e.linkTarget());
                t.setMode(0100000 | e.mode());
            }
            case CHAR, BLOCK, FIFO -> {
                byte flag = e.kind() == FsEntry.Kind.CHAR ? TarConstants.LF_CHR
                        : e.kind() == FsEntry.Kind.BLOCK ? TarConstants.LF_BLK : TarConstants.LF_FIFO;
                t = new TarArchiveEntry(name, flag);
                t.setMode(e.mode());
                if (e.linkTarget() != null && e.linkTarget().contains(":")) {
                    String[] mm = e.linkTarget().split(":");
                    t.setDevMajor(Integer.parseInt(mm[0]));
                    t.setDevMinor(Integer.parseInt(mm[1]));
                }
            }
            default -> {
                t = new TarArchiveEntry(name);
                t.setMode(0100000 | e.mode());
                t.setSize(e.size());
            }
        }
        t.setUserId(e.uid());
        t.setGroupId(e.gid());
        t.setUserName("");
        t.setGroupName("");
        t.setModTime(mtime * 1000);
        tar.putArchiveEntry(t);
        if (e.kind() == FsEntry.Kind.FILE && e.size() > 0) {
            try (InputStream in = Files.newInputStream(e.content())) {
                long n = in.transferTo(tar);
                if (n != e.size()) {
                    throw new JrunException("file " + e.content() + " changed size during the build (" + e.size()
                            + " then " + n + " bytes)");
                }
            }
        }
        tar.closeArchiveEntry();
        return t;
    }

    /** GZIPOutputStream writes mtime 0 and no name; this pins the level so output never varies. */
    private static final class FixedGzip extends GZIPOutputStream {
        FixedGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
