package dev.jrun.layer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the entries of one layer tar under a root, confined by {@link SafePaths}. Later entries
 * replace earlier ones of the same name (as docker does); directory modes and times are applied
 * by {@link #finish()} so children can still be written and mtimes stay as the tar says.
 */
final class EntryWriter {
    private final SafePaths paths;
    private final FileSystemOps ops;
    private final UnpackOptions options;
    private final Tree tree;
    private final Map<Path, long[]> deferredDirs = new LinkedHashMap<>();
    private final byte[] buffer = new byte[256 * 1024];

    private final boolean freshRoot;
    private final int umask;
    /** Real root-relative paths of everything this writer made (or queued): only those can collide. */
    private final Set<String> created = new HashSet<>();
    /** Null when files are written by the caller's thread (threads 0, or a root that was not empty). */
    private final FileWriters writers;

    /**
     * freshRoot: the root was empty, so whatever this writer creates starts with its own ids, and
     * a name it did not make cannot exist, so new regular files can be written by
     * {@code writerThreads} background threads. Call {@link #close()} at the end.
     */
    EntryWriter(Path root, FileSystemOps ops, UnpackOptions options, boolean freshRoot, int writerThreads) {
        this.paths = new SafePaths(root, this::drain, created::add);
        this.ops = ops;
        this.options = options;
        this.freshRoot = freshRoot;
        this.umask = ops.umask();
        this.tree = new Tree(paths, ops, options, deferredDirs);
        this.writers = freshRoot && writerThreads > 0 ? new FileWriters(ops, writerThreads, this::failure) : null;
    }

    /** Waits for the files being written in the background; rethrows their first failure. */
    private void drain() {
        if (writers != null) {
            writers.drain();
        }
    }

    /** Stops the background writers (after a failure: without waiting for queued files). */
    void close() {
        if (writers != null) {
            writers.close();
        }
    }

    /** Writes one entry; {@code content} is positioned at its data. */
    void write(TarEntry entry, TarReader content) {
        String name = entry.name();
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
                drain();
                tree.apply(whiteout.get());
            } else if (rel.isEmpty()) {
                drain();
                writeRoot(entry);
            } else {
                writeEntry(entry, rel, content);
            }
        } catch (LayerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LayerEntryException(name, e.getMessage(), e);
        } catch (IOException e) {
            throw failure(name, e);
        }
    }

    /** What the unpack throws for entry {@code name} that could not be written. */
    private LayerException failure(String name, IOException e) {
        if (isDiskFull(e)) {
            return new LayerException("disk full while unpacking into " + paths.root() + " (at entry '" + name
                    + "'): " + e.getMessage() + "; free space and pull again", e);
        }
        return new LayerEntryException(name, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    /** Applies the deferred directory modes and times, deepest first. */
    void finish() {
        drain();
        java.util.List<Map.Entry<Path, long[]>> dirs = new java.util.ArrayList<>(deferredDirs.entrySet());
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Path dir = dirs.get(i).getKey();
            long[] meta = dirs.get(i).getValue();
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

    private void writeRoot(TarEntry entry) throws IOException {
        if (!entry.isDirectory()) {
            throw new IOException("only a directory may stand for the layer root");
        }
        metadata(paths.root(), entry, false, true, false);
    }

    private void writeEntry(TarEntry entry, String rel, TarReader content) throws IOException {
        String real = paths.realEntry(rel, true);
        Path path = paths.root().resolve(real);
        // Something may exist (or be queued) at this name: let queued files land first.
        boolean fresh = freshRoot && !created.contains(real);
        TarEntry.Type type = entry.type();
        boolean plain = type == TarEntry.Type.DIRECTORY || type == TarEntry.Type.SYMLINK || type == TarEntry.Type.FILE;
        if (!fresh || !plain) {
            drain();
        }
        created.add(real);
        if (type == TarEntry.Type.DIRECTORY) {
            boolean made = true;
            try {
                Files.createDirectory(path);
            } catch (FileAlreadyExistsException e) {
                made = !Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (made) {
                    tree.remove(path);
                    Files.createDirectory(path);
                }
            }
            paths.remember(rel, real);
            tree.written(path);
            metadata(path, entry, false, true, made);
        } else if (type == TarEntry.Type.SYMLINK && fresh && writers != null && entry.xattrs().isEmpty()) {
            tree.written(path);
            writers.submit(FileWriters.Job.symlink(entry.name(), path, entry.linkName(),
                    options.keepOwners() && !ownedAsWanted(entry, true), (int) entry.uid(),
                    (int) entry.gid(), entry.mtimeNanos()));
        } else if (type == TarEntry.Type.SYMLINK) {
            try {
                ops.symlink(path, entry.linkName());
            } catch (FileAlreadyExistsException e) {
                tree.remove(path);
                ops.symlink(path, entry.linkName());
            }
            tree.written(path);
            metadata(path, entry, true, false, true);
        } else if (type == TarEntry.Type.HARDLINK) {
            hardLink(rel, path, entry.linkName());
        } else if (entry.isDevice()) {
            node(path, entry);
        } else if (type == TarEntry.Type.FILE && fresh && writers != null && entry.size() <= FileWriters.MAX_FILE
                && entry.xattrs().isEmpty()) {
            queue(path, entry, content);
        } else if (type == TarEntry.Type.FILE) {
            file(path, entry, content);
        } else {
            options.warnings().accept("skipped layer entry '" + entry.name() + "': unsupported tar type '"
                    + (char) entry.flag() + "'");
        }
    }

    /** A new file at a name nothing else made: read it whole and hand it to the background writers. */
    private void queue(Path path, TarEntry entry, TarReader content) throws IOException {
        byte[] data = new byte[(int) entry.size()];
        content.readFully(data, 0, data.length);
        int mode = entry.mode() & 07777;
        boolean chown = options.keepOwners() && !ownedAsWanted(entry, true);
        tree.written(path);
        writers.submit(new FileWriters.Job(entry.name(), path, data, null, mode & 0777, chown,
                (int) entry.uid(), (int) entry.gid(), !modeAsWanted(mode, true), mode, entry.mtimeNanos()));
    }

    private void file(Path path, TarEntry entry, TarReader content) throws IOException {
        try (FileSystemOps.NewFile file = create(path, entry.mode() & 0777)) {
            int n;
            while ((n = content.read(buffer, 0, buffer.length)) > 0) {
                file.write(buffer, 0, n);
            }
        }
        tree.written(path);
        metadata(path, entry, false, false, true);
    }

    private FileSystemOps.NewFile create(Path path, int mode) throws IOException {
        try {
            return ops.createFile(path, mode);
        } catch (FileAlreadyExistsException e) {
            tree.remove(path);
            return ops.createFile(path, mode);
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

    private void node(Path path, TarEntry entry) throws IOException {
        FileSystemOps.NodeType type = switch (entry.type()) {
            case FIFO -> FileSystemOps.NodeType.FIFO;
            case CHAR_DEVICE -> FileSystemOps.NodeType.CHAR_DEVICE;
            default -> FileSystemOps.NodeType.BLOCK_DEVICE;
        };
        if (type != FileSystemOps.NodeType.FIFO && !ops.privileged()) {
            options.warnings().accept("skipped device node '" + entry.name() + "': creating devices needs root");
            return;
        }
        int perm = entry.mode() & 07777;
        try {
            ops.mknod(path, type, perm, entry.devMajor(), entry.devMinor());
        } catch (FileAlreadyExistsException e) {
            tree.remove(path);
            ops.mknod(path, type, perm, entry.devMajor(), entry.devMinor());
        }
        tree.written(path);
        metadata(path, entry, false, false, true);
    }

    /** created: this writer just made the file, with the entry's permissions minus the umask. */
    private void metadata(Path path, TarEntry entry, boolean symlink, boolean dir, boolean created)
            throws IOException {
        int mode = entry.mode() & 07777;
        if (options.keepOwners() && !ownedAsWanted(entry, created)) {
            ops.lchown(path, (int) entry.uid(), (int) entry.gid());
        }
        for (Map.Entry<String, String> xattr : entry.xattrs().entrySet()) {
            xattr(path, entry.name(), xattr.getKey(), xattr.getValue());
        }
        long mtime = entry.mtimeNanos();
        if (dir) {
            deferredDirs.put(path, new long[] {mode, mtime});
            return;
        }
        if (!symlink && !modeAsWanted(mode, created)) {
            ops.chmod(path, mode);
        }
        ops.setTimes(path, mtime, mtime);
    }

    /** created: this writer just made the file, so it has this process's ids. */
    private boolean ownedAsWanted(TarEntry entry, boolean created) {
        return created && freshRoot && entry.uid() == ops.effectiveUid() && entry.gid() == ops.effectiveGid();
    }

    /** created: the file was made with the entry's permissions, which the umask may have cut. */
    private boolean modeAsWanted(int mode, boolean created) {
        return created && (mode & 07000) == 0 && (mode & umask) == 0;
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
