package dev.jrun.build;

import dev.jrun.JrunException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A filesystem as a sorted map of {@link FsEntry}s: the merge of layer tars applied in order with
 * whiteout semantics ({@code .wh.name} deletes, {@code .wh..wh..opq} empties a directory). Regular
 * file contents are extracted to numbered files under a scratch directory, so no root is needed and
 * ownership lives only in the entries. Used for COPY --from, /etc/passwd lookups, WORKDIR checks and
 * squashing.
 */
public final class FsTree {
    private static final String WH = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final TreeMap<String, FsEntry> entries = new TreeMap<>();
    private final TreeMap<String, Boolean> whiteouts = new TreeMap<>();
    private final Path scratch;
    private final boolean keepWhiteouts;
    private int next;

    /**
     * @param scratch directory for extracted file contents (the caller deletes it)
     * @param keepWhiteouts remember deletions (for a squashed diff) instead of only applying them
     */
    public FsTree(Path scratch, boolean keepWhiteouts) {
        this.scratch = scratch;
        this.keepWhiteouts = keepWhiteouts;
    }

    /** Applies one uncompressed layer tar. */
    public void apply(InputStream tarStream, String what) {
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = FsEntry.clean(e.getName());
                if (path.isEmpty()) {
                    continue;
                }
                String name = FsEntry.nameOf(path);
                String parent = FsEntry.parentOf(path);
                if (name.equals(OPAQUE)) {
                    removeUnder(parent);
                    if (keepWhiteouts) {
                        whiteouts.put(parent.isEmpty() ? OPAQUE : parent + "/" + OPAQUE, true);
                    }
                    continue;
                }
                if (name.startsWith(WH)) {
                    String target = (parent.isEmpty() ? "" : parent + "/") + name.substring(WH.length());
                    remove(target);
                    if (keepWhiteouts) {
                        whiteouts.put(target, true);
                    }
                    continue;
                }
                put(toEntry(path, e, tar));
            }
        } catch (IOException e) {
            throw new JrunException("read layer " + what + ": " + e.getMessage(), e);
        }
    }

    private FsEntry toEntry(String path, TarArchiveEntry e, InputStream data) throws IOException {
        int mode = e.getMode() & 07777;
        long mtime = e.getModTime().getTime() / 1000;
        int uid = (int) e.getLongUserId();
        int gid = (int) e.getLongGroupId();
        if (e.isDirectory()) {
            return new FsEntry(path, FsEntry.Kind.DIR, mode, uid, gid, 0, null, null, mtime);
        }
        if (e.isSymbolicLink()) {
            return new FsEntry(path, FsEntry.Kind.SYMLINK, mode, uid, gid, 0, e.getLinkName(), null, mtime);
        }
        if (e.isLink()) {
            return new FsEntry(path, FsEntry.Kind.HARDLINK, mode, uid, gid, 0, FsEntry.clean(e.getLinkName()), null,
                    mtime);
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            FsEntry.Kind k = e.isFIFO() ? FsEntry.Kind.FIFO : e.isCharacterDevice() ? FsEntry.Kind.CHAR
                    : FsEntry.Kind.BLOCK;
            return new FsEntry(path, k, mode, uid, gid, 0, e.getDevMajor() + ":" + e.getDevMinor(), null, mtime);
        }
        Path f = scratch.resolve(Integer.toString(next++));
        try (OutputStream out = Files.newOutputStream(f)) {
            data.transferTo(out);
        }
        return new FsEntry(path, FsEntry.Kind.FILE, mode, uid, gid, e.getSize(), null, f, mtime);
    }

    /** Adds or replaces an entry; replacing a directory by a non-directory drops what was under it. */
    public void put(FsEntry e) {
        FsEntry old = entries.get(e.path());
        if (old != null && old.isDir() && !e.isDir()) {
            removeUnder(e.path());
        }
        entries.put(e.path(), e);
        if (keepWhiteouts) {
            whiteouts.remove(e.path());
        }
    }

    public void remove(String path) {
        entries.remove(path);
        removeUnder(path);
    }

    private void removeUnder(String dir) {
        if (dir.isEmpty()) {
            entries.clear();
            return;
        }
        entries.subMap(dir + "/", true, dir + "0", false).clear();
    }

    /** The entry at exactly this path (no symlink resolution). */
    public Optional<FsEntry> get(String path) {
        return Optional.ofNullable(entries.get(FsEntry.clean(path)));
    }

    /**
     * Resolves {@code path} inside this root, following symlinks in every component (and in the
     * last one when {@code followLast}), never leaving the root; returns the resolved clean path.
     */
    public String resolve(String path, boolean followLast) {
        List<String> todo = new ArrayList<>(List.of(FsEntry.clean(path).split("/")));
        String cur = "";
        int hops = 0;
        while (!todo.isEmpty()) {
            String part = todo.remove(0);
            if (part.isEmpty()) {
                continue;
            }
            String next = cur.isEmpty() ? part : cur + "/" + part;
            FsEntry e = entries.get(next);
            if (e != null && e.kind() == FsEntry.Kind.SYMLINK && (followLast || !todo.isEmpty()) && hops++ < 40) {
                String target = e.linkTarget();
                String base = target.startsWith("/") ? "" : cur;
                List<String> rest = new ArrayList<>(List.of(FsEntry.clean(base + "/" + target).split("/")));
                rest.addAll(todo);
                todo = rest;
                cur = "";
                continue;
            }
            cur = next;
        }
        return cur;
    }

    /** Everything at or under {@code dir} ("" for all), in path order. */
    public List<FsEntry> under(String dir) {
        if (dir.isEmpty()) {
            return new ArrayList<>(entries.values());
        }
        List<FsEntry> out = new ArrayList<>();
        FsEntry self = entries.get(dir);
        if (self != null) {
            out.add(self);
        }
        out.addAll(entries.subMap(dir + "/", true, dir + "0", false).values());
        return out;
    }

    /** Deleted paths remembered since construction (only with keepWhiteouts), opaque markers included. */
    public List<String> whiteouts() {
        return new ArrayList<>(whiteouts.keySet());
    }

    public NavigableMap<String, FsEntry> entries() {
        return java.util.Collections.unmodifiableNavigableMap(entries);
    }

    /** The content of a regular file, hard links followed; null if absent or not a file. */
    public Path content(FsEntry e) {
        FsEntry cur = e;
        for (int i = 0; i < 10 && cur != null && cur.kind() == FsEntry.Kind.HARDLINK; i++) {
            cur = entries.get(cur.linkTarget());
        }
        return cur == null ? null : cur.content();
    }

    /** A regular file's text, or empty if it does not exist. */
    public Optional<String> readText(String path) {
        FsEntry e = entries.get(resolve(path, true));
        Path c = e == null ? null : content(e);
        if (c == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(c, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new JrunException("read " + path + " from the build filesystem: " + ex.getMessage(), ex);
        }
    }
}
