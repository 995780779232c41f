package dev.jrun.build;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * What one layer tar does to a filesystem, without file contents: its entries, deletions ({@code .wh.name})
 * and opaque markers ({@code .wh..wh..opq}), in tar order. Kept per diffID under the build cache
 * ({@code buildcache/trees/<diffID hex>}), so a step that needs the stage's files (COPY's destination,
 * WORKDIR, --chown) merges a few small files instead of decompressing and reading every layer tar.
 * File contents are read from the tar only when asked for ({@link FsTree#content}).
 *
 * <p>The file is written beside its name and renamed, without fsync: it is derived data, named by the
 * layer's content, and a torn or unreadable file (no trailer) is ignored and rebuilt from the tar.
 */
final class LayerIndex {
    private static final int MAGIC = 0x6a727431; // "jrt1"
    private static final int TRAILER = 0x656e6421; // "end!"

    private LayerIndex() {
    }

    /** What one tar entry does. */
    enum Op { ENTRY, WHITEOUT, OPAQUE }

    /**
     * One change: an entry (without content), or the deletion of {@code path}, or the emptying of the
     * directory {@code path} ("" for the root).
     */
    record Change(Op op, String path, FsEntry entry) {
        static Change entry(FsEntry e) {
            return new Change(Op.ENTRY, e.path(), e);
        }
    }

    private static final String WH = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    /** The change a tar entry makes, or null for the root entry itself ("./"). */
    static Change change(TarArchiveEntry e) {
        String path = FsEntry.clean(e.getName());
        if (path.isEmpty()) {
            return null;
        }
        String name = FsEntry.nameOf(path);
        String parent = FsEntry.parentOf(path);
        if (name.equals(OPAQUE)) {
            return new Change(Op.OPAQUE, parent, null);
        }
        if (name.startsWith(WH)) {
            return new Change(Op.WHITEOUT, (parent.isEmpty() ? "" : parent + "/") + name.substring(WH.length()), null);
        }
        int mode = e.getMode() & 07777;
        long mtime = e.getModTime().getTime() / 1000;
        int uid = (int) e.getLongUserId();
        int gid = (int) e.getLongGroupId();
        FsEntry.Kind kind;
        String link = null;
        long size = 0;
        if (e.isDirectory()) {
            kind = FsEntry.Kind.DIR;
        } else if (e.isSymbolicLink()) {
            kind = FsEntry.Kind.SYMLINK;
            link = e.getLinkName();
        } else if (e.isLink()) {
            kind = FsEntry.Kind.HARDLINK;
            link = FsEntry.clean(e.getLinkName());
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            kind = e.isFIFO() ? FsEntry.Kind.FIFO : e.isCharacterDevice() ? FsEntry.Kind.CHAR : FsEntry.Kind.BLOCK;
            link = e.getDevMajor() + ":" + e.getDevMinor();
        } else {
            kind = FsEntry.Kind.FILE;
            size = e.getSize();
        }
        return Change.entry(new FsEntry(path, kind, mode, uid, gid, size, link, null, mtime));
    }

    /** The stored changes of a layer, or empty when there is no readable index for it. */
    static Optional<List<Change>> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                return Optional.empty();
            }
            int n = in.readInt();
            List<Change> out = new ArrayList<>(n);
            FsEntry.Kind[] kinds = FsEntry.Kind.values();
            for (int i = 0; i < n; i++) {
                Op op = Op.values()[in.readByte()];
                String path = readString(in);
                if (op != Op.ENTRY) {
                    out.add(new Change(op, path, null));
                    continue;
                }
                FsEntry.Kind kind = kinds[in.readByte()];
                int mode = in.readInt();
                int uid = in.readInt();
                int gid = in.readInt();
                long size = in.readLong();
                long mtime = in.readLong();
                String link = in.readBoolean() ? readString(in) : null;
                out.add(Change.entry(new FsEntry(path, kind, mode, uid, gid, size, link, null, mtime)));
            }
            return in.readInt() == TRAILER ? Optional.of(out) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // torn or foreign: the caller reads the tar and writes it again
        }
    }

    /** Stores the changes (best effort: a failure only costs the next build a tar read). */
    static void write(Path file, List<Change> changes) {
        if (Files.isRegularFile(file)) {
            return; // named by content: what is there says the same
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().getId() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream raw = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(changes.size());
                for (Change c : changes) {
                    out.writeByte(c.op().ordinal());
                    writeString(out, c.path());
                    if (c.op() != Op.ENTRY) {
                        continue;
                    }
                    FsEntry e = c.entry();
                    out.writeByte(e.kind().ordinal());
                    out.writeInt(e.mode());
                    out.writeInt(e.uid());
                    out.writeInt(e.gid());
                    out.writeLong(e.size());
                    out.writeLong(e.mtime());
                    out.writeBoolean(e.linkTarget() != null);
                    if (e.linkTarget() != null) {
                        writeString(out, e.linkTarget());
                    }
                }
                out.writeInt(TRAILER);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // best effort, see above
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temp file is ignored by read and replaced by the next write
            }
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 20) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The changes of a layer tar stream (uncompressed), contents skipped. */
    static List<Change> scan(InputStream tarStream) throws IOException {
        List<Change> out = new ArrayList<>();
        var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(tarStream);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            Change c = change(e);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }
}
