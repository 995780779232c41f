package dev.jrun.build;

import dev.jrun.JrunException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A filesystem as a sorted map of {@link FsEntry}s: the merge of layers applied in order with whiteout
 * semantics ({@code .wh.name} deletes, {@code .wh..wh..opq} empties a directory). A layer comes either
 * as a tar, whose regular files are extracted to numbered files under a scratch directory, or as its
 * {@link LayerIndex} changes, whose file contents are read from the layer only when {@link #content} or
 * {@link #withContent} asks for them. No root is needed; ownership lives only in the entries. Used
 * for COPY --from, /etc/passwd lookups, WORKDIR checks and squashing.
 */
public final class FsTree {
    private static final String OPAQUE = ".wh..wh..opq";

    /** Reads regular files of an indexed layer: {@code paths} of layer number {@code layer}, to files under {@code dir}. */
    interface Contents {
        Map<String, Path> extract(int layer, Set<String> paths, Path dir);
    }

    private final TreeMap<String, FsEntry> entries = new TreeMap<>();
    private final TreeMap<String, Boolean> whiteouts = new TreeMap<>();
    /** Regular files of indexed layers whose content is not read yet: path to layer number. */
    private final Map<String, Integer> lazy = new HashMap<>();
    private final Path scratch;
    private final boolean keepWhiteouts;
    private Contents contents;
    private int next;

    /**
     * @param scratch directory for extracted file contents (the caller deletes it)
     * @param keepWhiteouts remember deletions (for a squashed diff) instead of only applying them
     */
    public FsTree(Path scratch, boolean keepWhiteouts) {
        this.scratch = scratch;
        this.keepWhiteouts = keepWhiteouts;
    }

    /** Applies one uncompressed layer tar, extracting its regular files. */
    public void apply(InputStream tarStream, String what) {
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                LayerIndex.Change c = LayerIndex.change(e);
                if (c == null) {
                    continue;
                }
                if (c.op() == LayerIndex.Op.ENTRY && c.entry().kind() == FsEntry.Kind.FILE) {
                    Path f = scratch.resolve(Integer.toString(next++));
                    try (OutputStream out = Files.newOutputStream(f)) {
                        tar.transferTo(out);
                    }
                    c = LayerIndex.Change.entry(new FsEntry(c.path(), FsEntry.Kind.FILE, c.entry().mode(),
                            c.entry().uid(), c.entry().gid(), c.entry().size(), null, f, c.entry().mtime()));
                }
                apply(c);
            }
        } catch (IOException e) {
            throw new JrunException("read layer " + what + ": " + e.getMessage(), e);
        }
    }

    /** Applies the indexed changes of layer number {@code layer}; its file contents come from {@code from}. */
    void apply(List<LayerIndex.Change> changes, int layer, Contents from) {
        this.contents = from;
        for (LayerIndex.Change c : changes) {
            apply(c);
            if (c.op() == LayerIndex.Op.ENTRY && c.entry().kind() == FsEntry.Kind.FILE) {
                lazy.put(c.path(), layer);
            }
        }
    }

    private void apply(LayerIndex.Change c) {
        switch (c.op()) {
            case OPAQUE -> {
                removeUnder(c.path());
                if (keepWhiteouts) {
                    whiteouts.put(c.path().isEmpty() ? OPAQUE : c.path() + "/" + OPAQUE, true);
                }
            }
            case WHITEOUT -> {
                remove(c.path());
                if (keepWhiteouts) {
                    whiteouts.put(c.path(), true);
                }
            }
            case ENTRY -> put(c.entry());
        }
    }

    /** Adds or replaces an entry; replacing a directory by a non-directory drops what was under it. */
    public void put(FsEntry e) {
        lazy.remove(e.path());
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
        FsEntry cur = target(e);
        if (cur == null || cur.content() != null || cur.kind() != FsEntry.Kind.FILE) {
            return cur == null ? null : cur.content();
        }
        return withContent(List.of(cur)).get(0).content();
    }

    private FsEntry target(FsEntry e) {
        FsEntry cur = e;
        for (int i = 0; i < 10 && cur != null && cur.kind() == FsEntry.Kind.HARDLINK; i++) {
            cur = entries.get(cur.linkTarget());
        }
        return cur;
    }

    /**
     * The entries (of this tree, as {@link #get} and {@link #under} return them) with the contents of
     * their regular files read, one pass over each layer involved; other entries as they are.
     */
    public List<FsEntry> withContent(List<FsEntry> list) {
        Map<Integer, Set<String>> wanted = new TreeMap<>();
        for (FsEntry e : list) {
            Integer layer = e.kind() == FsEntry.Kind.FILE && e.content() == null ? lazy.get(e.path()) : null;
            if (layer != null) {
                wanted.computeIfAbsent(layer, k -> new HashSet<>()).add(e.path());
            }
        }
        for (Map.Entry<Integer, Set<String>> w : wanted.entrySet()) {
            Map<String, Path> got = contents.extract(w.getKey(), w.getValue(), scratch);
            for (String p : w.getValue()) {
                FsEntry e = entries.get(p);
                Path f = got.get(p);
                if (f == null) {
                    throw new JrunException("layer " + w.getKey() + " of the build filesystem lacks " + p
                            + " that its index lists");
                }
                lazy.remove(p);
                entries.put(p, new FsEntry(p, e.kind(), e.mode(), e.uid(), e.gid(), e.size(), null, f, e.mtime()));
            }
        }
        List<FsEntry> out = new ArrayList<>(list.size());
        for (FsEntry e : list) {
            FsEntry now = e.kind() == FsEntry.Kind.FILE && e.content() == null ? entries.get(e.path()) : null;
            out.add(now != null && now.kind() == FsEntry.Kind.FILE ? now : e);
        }
        return out;
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
