package dev.jrun.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Writes the entries of one layer tar under a root, confined by {@link SafePaths}. Later entries
 * replace earlier ones of the same name (as docker does); directory modes and times are applied
 * by {@link #finish()} so children can still be written and mtimes stay as the tar says.
 */
final class EntryWriter {
    private static final String XATTR_PREFIX = "SCHILY.xattr.";
    private final SafePaths paths;
    private final FileSystemOps ops;
    private final UnpackOptions options;
    private final Tree tree;
    private final Map<Path, long[]> deferredDirs = new LinkedHashMap<>();
    private final byte[] buffer = new byte[256 * 1024];

    private final boolean freshRoot;
    private final int umask;

    /** freshRoot: the root was empty, so whatever this writer creates starts with its own ids. */
    EntryWriter(Path root, FileSystemOps ops, UnpackOptions options, boolean freshRoot) {
        this.paths = new SafePaths(root);
        this.ops = ops;
        this.options = options;
        this.freshRoot = freshRoot;
        this.umask = ops.umask();
        this.tree = new Tree(paths, ops, options, deferredDirs);
    }

    /** Writes one entry; {@code content} is positioned at its data. */
    void write(TarArchiveEntry entry, InputStream content) {
        String name = entry.getName();
        try {
            String rel = SafePaths.clean(name);
            Optional<Whiteout> whiteout;
            try {
                whiteout = Whiteout.parse(rel);
            } catch (IllegalArgumentException e) {
                options.warnings().accept("skipped layer entry '" + name + "': " + e.getMessage());
                return;
            }
            if (whiteout.isPresent()) {
                tree.apply(whiteout.get());
            } else if (rel.isEmpty()) {
                writeRoot(entry);
            } else {
                writeEntry(entry, rel, content);
            }
        } catch (LayerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LayerEntryException(name, e.getMessage(), e);
        } catch (IOException e) {
            if (isDiskFull(e)) {
                throw new LayerException("disk full while unpacking into " + paths.root() + " (at entry '" + name
                        + "'): " + e.getMessage() + "; free space and pull again", e);
            }
            throw new LayerEntryException(name, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Applies the deferred directory modes and times, deepest first. */
    void finish() {
        Path[] dirs = deferredDirs.keySet().toArray(new Path[0]);
        for (int i = dirs.length - 1; i >= 0; i--) {
            Path dir = dirs[i];
            long[] meta = deferredDirs.get(dir);
            try {
                if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    ops.chmod(dir, (int) meta[0]);
                    ops.setTimes(dir, meta[1], meta[1]);
                }
            } catch (IOException e) {
                throw new LayerException("setting mode and times of " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private void writeRoot(TarArchiveEntry entry) throws IOException {
        if (!entry.isDirectory()) {
            throw new IOException("only a directory may stand for the layer root");
        }
        metadata(paths.root(), entry, false, true, false);
    }

    private void writeEntry(TarArchiveEntry entry, String rel, InputStream content) throws IOException {
        Path path = paths.resolveEntry(rel, true);
        if (entry.isDirectory()) {
            boolean created = true;
            try {
                Files.createDirectory(path);
            } catch (FileAlreadyExistsException e) {
                created = !Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (created) {
                    tree.remove(path);
                    Files.createDirectory(path);
                }
            }
            tree.written(path);
            metadata(path, entry, false, true, created);
        } else if (entry.isSymbolicLink()) {
            Path target = Path.of(entry.getLinkName());
            try {
                Files.createSymbolicLink(path, target);
            } catch (FileAlreadyExistsException e) {
                tree.remove(path);
                Files.createSymbolicLink(path, target);
            }
            tree.written(path);
            metadata(path, entry, true, false, true);
        } else if (entry.isLink()) {
            hardLink(rel, path, entry.getLinkName());
        } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            node(path, entry);
        } else if (entry.isFile()) {
            file(path, entry, content);
        } else {
            options.warnings().accept("skipped layer entry '" + entry.getName() + "': unsupported tar type '"
                    + (char) entry.getLinkFlag() + "'");
        }
    }

    private void file(Path path, TarArchiveEntry entry, InputStream content) throws IOException {
        try (FileChannel channel = create(path, entry.getMode() & 0777)) {
            int n;
            while ((n = content.read(buffer)) > 0) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
        }
        tree.written(path);
        metadata(path, entry, false, false, true);
    }

    private static final Set<StandardOpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private FileChannel create(Path path, int mode) throws IOException {
        FileAttribute<?> perms = PosixFilePermissions.asFileAttribute(Modes.permissions(mode));
        try {
            return FileChannel.open(path, CREATE, perms);
        } catch (FileAlreadyExistsException e) {
            tree.remove(path);
            return FileChannel.open(path, CREATE, perms);
        }
    }

    private void hardLink(String rel, Path path, String linkName) throws IOException {
        String targetRel;
        try {
            targetRel = SafePaths.clean(linkName);
        } catch (IllegalArgumentException e) {
            throw new IOException("hard link target '" + linkName + "': " + e.getMessage());
        }
        if (targetRel.isEmpty() || targetRel.equals(rel)) {
            throw new IOException("hard link to '" + linkName + "' points at the layer root or itself");
        }
        for (int attempt = 0; ; attempt++) {
            Path target;
            try {
                target = paths.resolveEntry(targetRel, false);
                if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("hard link target '" + linkName + "' is a directory");
                }
            } catch (NoSuchFileException e) {
                throw new IOException("hard link target '" + linkName + "' does not exist in the layer", e);
            }
            try {
                Files.createLink(path, target);
                tree.written(path);
                return;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 0) {
                    throw e;
                }
                tree.remove(path);
            }
        }
    }

    private void node(Path path, TarArchiveEntry entry) throws IOException {
        FileSystemOps.NodeType type = entry.isFIFO() ? FileSystemOps.NodeType.FIFO
                : entry.isCharacterDevice() ? FileSystemOps.NodeType.CHAR_DEVICE : FileSystemOps.NodeType.BLOCK_DEVICE;
        if (type != FileSystemOps.NodeType.FIFO && !ops.privileged()) {
            options.warnings().accept("skipped device node '" + entry.getName() + "': creating devices needs root");
            return;
        }
        int perm = entry.getMode() & 07777;
        try {
            ops.mknod(path, type, perm, entry.getDevMajor(), entry.getDevMinor());
        } catch (FileAlreadyExistsException e) {
            tree.remove(path);
            ops.mknod(path, type, perm, entry.getDevMajor(), entry.getDevMinor());
        }
        tree.written(path);
        metadata(path, entry, false, false, true);
    }

    /** created: this writer just made the file, with the entry's permissions minus the umask. */
    private void metadata(Path path, TarArchiveEntry entry, boolean symlink, boolean dir, boolean created)
            throws IOException {
        int mode = entry.getMode() & 07777;
        boolean ownedAsWanted = created && freshRoot && entry.getLongUserId() == ops.effectiveUid()
                && entry.getLongGroupId() == ops.effectiveGid();
        if (options.keepOwners() && !ownedAsWanted) {
            ops.lchown(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
        }
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            if (header.getKey().startsWith(XATTR_PREFIX)) {
                xattr(path, entry.getName(), header.getKey().substring(XATTR_PREFIX.length()), header.getValue());
            }
        }
        long mtime = nanos(entry);
        if (dir) {
            deferredDirs.put(path, new long[] {mode, mtime});
            return;
        }
        boolean modeAsWanted = created && (mode & 07000) == 0 && (mode & umask) == 0;
        if (!symlink && !modeAsWanted) {
            ops.chmod(path, mode);
        }
        ops.setTimes(path, mtime, mtime);
    }

    private void xattr(Path path, String entry, String name, String value) throws IOException {
        if (name.startsWith("trusted.overlay.")) {
            options.warnings().accept("ignored xattr " + name + " of '" + entry + "': overlay metadata may not come from a layer");
        } else if (value.indexOf('\uFFFD') >= 0) {
            options.warnings().accept("ignored xattr " + name + " of '" + entry + "': binary value not supported");
        } else if (name.startsWith("trusted.") && !ops.privileged()) {
            options.warnings().accept("ignored xattr " + name + " of '" + entry + "': trusted.* needs root");
        } else {
            ops.setXattr(path, name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static long nanos(TarArchiveEntry entry) {
        java.time.Instant t = entry.getLastModifiedTime().toInstant();
        long seconds = Math.max(-9_000_000_000L, Math.min(9_000_000_000L, t.getEpochSecond()));
        return seconds * 1_000_000_000L + t.getNano();
    }

    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
