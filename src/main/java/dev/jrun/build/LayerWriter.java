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
                 DigestOutputStream tar = new DigestOutputStream(gz, diff)) {
                for (Object[] o : all) {
                    LayerIndex.Change c = writeEntry(tar, (String) o[0], (FsEntry) o[1], clampMtime);
                    if (c != null) {
                        changes.add(c);
                    }
                }
                TarHeaders.finish(tar);
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

    /** Writes one entry; returns the change it makes, as reading it back gives it. */
    private static LayerIndex.Change writeEntry(OutputStream tar, String name, FsEntry e, Long clamp)
            throws IOException {
        if (e == null) {
            TarHeaders.write(tar, name, TarHeaders.REGULAR, 0644, 0, 0, 0, 0, null, 0, 0);
            String target = FsEntry.nameOf(name).equals(".wh..wh..opq") ? FsEntry.parentOf(name)
                    : join(FsEntry.parentOf(name), FsEntry.nameOf(name).substring(4));
            return new LayerIndex.Change(FsEntry.nameOf(name).equals(".wh..wh..opq") ? LayerIndex.Op.OPAQUE
                    : LayerIndex.Op.WHITEOUT, target, null);
        }
        long mtime = clamp != null && e.mtime() > clamp ? clamp : Math.max(0, e.mtime());
        int major = 0;
        int minor = 0;
        String link = null;
        long size = 0;
        byte type;
        switch (e.kind()) {
            case DIR -> type = TarHeaders.DIR;
            case SYMLINK -> {
                type = TarHeaders.SYMLINK;
                link = e.linkTarget();
            }
            case HARDLINK -> {
                type = TarHeaders.HARDLINK;
                link = e.linkTarget();
            }
            case CHAR, BLOCK, FIFO -> {
                type = e.kind() == FsEntry.Kind.CHAR ? TarHeaders.CHAR
                        : e.kind() == FsEntry.Kind.BLOCK ? TarHeaders.BLOCK : TarHeaders.FIFO;
                if (e.linkTarget() != null && e.linkTarget().contains(":")) {
                    String[] mm = e.linkTarget().split(":");
                    major = Integer.parseInt(mm[0]);
                    minor = Integer.parseInt(mm[1]);
                }
            }
            default -> {
                type = TarHeaders.REGULAR;
                size = e.size();
            }
        }
        TarHeaders.write(tar, e.kind() == FsEntry.Kind.DIR ? name + "/" : name, type, e.mode(), e.uid(), e.gid(),
                size, mtime, link, major, minor);
        if (size > 0) {
            try (InputStream in = Files.newInputStream(e.content())) {
                long n = in.transferTo(tar);
                if (n != size) {
                    throw new JrunException("file " + e.content() + " changed size during the build (" + size
                            + " then " + n + " bytes)");
                }
            }
            TarHeaders.pad(tar, size);
        }
        String indexLink = e.kind() == FsEntry.Kind.HARDLINK ? FsEntry.clean(link)
                : e.kind() == FsEntry.Kind.CHAR || e.kind() == FsEntry.Kind.BLOCK || e.kind() == FsEntry.Kind.FIFO
                        ? major + ":" + minor : link;
        return LayerIndex.Change.entry(new FsEntry(FsEntry.clean(name), e.kind(), e.mode() & 07777, e.uid(), e.gid(),
                size, indexLink, null, mtime));
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** GZIPOutputStream writes mtime 0 and no name; this pins the level so output never varies. */
    private static final class FixedGzip extends GZIPOutputStream {
        FixedGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
