package dev.jrun.layer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a container's overlay upper dir: as docker diff's A/C/D list, or as a layer tar with
 * overlay whiteouts turned back into {@code .wh.} entries (see {@link LayerTarWriter}).
 */
public final class UpperDiff {
    private final FileSystemOps ops;

    public UpperDiff(FileSystemOps ops) {
        this.ops = ops;
    }

    /**
     * The changes of {@code upper} over {@code lowersTopFirst}, sorted by path: D for an overlay
     * whiteout and for each lower child hidden by an opaque dir, C for a path some lower layer
     * already has, A otherwise.
     */
    public List<Change> changes(Path upper, List<Path> lowersTopFirst) {
        List<Change> out = new ArrayList<>();
        try {
            walk(upper, "", lowersTopFirst, out);
        } catch (IOException e) {
            throw new LayerException("reading container changes in " + upper + ": " + e.getMessage(), e);
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /**
     * Writes {@code upper} as a layer tar to {@code out} (gzip-compressed when asked, with a fixed
     * header), reproducibly: sorted entries, numeric owners, whole-second mtimes, no atime/ctime.
     * Does not close {@code out}.
     */
    public LayerDigests writeLayer(Path upper, OutputStream out, boolean gzip) {
        try {
            return new LayerTarWriter(ops).write(upper, out, gzip);
        } catch (IOException e) {
            throw new LayerException("writing layer from " + upper + ": " + e.getMessage(), e);
        }
    }

    private void walk(Path dir, String rel, List<Path> lowers, List<Change> out) throws IOException {
        for (String name : UpperEntry.sortedChildren(dir)) {
            String childRel = rel + "/" + name;
            Optional<UpperEntry> entry = UpperEntry.read(dir.resolve(name));
            if (entry.isEmpty()) {
                continue;
            }
            UpperEntry e = entry.get();
            if (e.isWhiteout()) {
                out.add(new Change(Change.Kind.D, childRel));
                continue;
            }
            boolean inLower = inLowers(childRel, lowers);
            out.add(new Change(inLower ? Change.Kind.C : Change.Kind.A, childRel));
            if (e.isDirectory()) {
                if (inLower && e.isOpaque(ops)) {
                    hiddenByOpaque(e.path(), childRel, lowers, out);
                }
                walk(e.path(), childRel, lowers, out);
            }
        }
    }

    private void hiddenByOpaque(Path upperDir, String rel, List<Path> lowers, List<Change> out) throws IOException {
        Set<String> upperNames = new HashSet<>(UpperEntry.sortedChildren(upperDir));
        Set<String> reported = new HashSet<>();
        for (Path lower : lowers) {
            Path lowerDir = lower.resolve(rel.substring(1));
            Optional<UpperEntry> d = UpperEntry.read(lowerDir);
            if (d.isEmpty() || !d.get().isDirectory()) {
                continue;
            }
            for (String name : UpperEntry.sortedChildren(lowerDir)) {
                if (!upperNames.contains(name) && inLowers(rel + "/" + name, lowers) && reported.add(name)) {
                    out.add(new Change(Change.Kind.D, rel + "/" + name));
                }
            }
        }
    }

    /** Whether the merged view of the lower layers has {@code rel}, honouring their whiteouts. */
    private boolean inLowers(String rel, List<Path> lowers) throws IOException {
        for (Path lower : lowers) {
            Optional<UpperEntry> e = UpperEntry.read(lower.resolve(rel.substring(1)));
            if (e.isPresent()) {
                return !e.get().isWhiteout();
            }
            if (opaqueAbove(lower, rel)) {
                return false;
            }
        }
        return false;
    }

    /** Whether a parent dir of rel in this lower is opaque, hiding the layers below. */
    private boolean opaqueAbove(Path lower, String rel) throws IOException {
        String parent = SafePaths.parent(rel.substring(1));
        while (!parent.isEmpty()) {
            Optional<UpperEntry> p = UpperEntry.read(lower.resolve(parent));
            if (p.isPresent() && p.get().isOpaque(ops)) {
                return true;
            }
            parent = SafePaths.parent(parent);
        }
        return false;
    }
}
