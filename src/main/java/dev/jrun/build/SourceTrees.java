package dev.jrun.build;

import dev.jrun.dockerfile.Instruction;
import dev.jrun.dockerfile.Stage;
import dev.jrun.store.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** {@code COPY --from=stage|image}: where the files come from, and the matches of a source in it. */
final class SourceTrees {
    private SourceTrees() {
    }

    /** A source filesystem: its identity for the cache key and the tree itself, loaded on demand. */
    record SourceTree(String key, Supplier<FsTree> tree) {
    }

    static SourceTree resolve(BuildSession b, StageState current, Instruction i, String ref) {
        Layers l = layers(b, current, i, ref);
        return new SourceTree(l.key(), () -> b.fs(l.state()));
    }

    /** The layers of an earlier stage or of an image, with their identity for the cache key. */
    record Layers(String key, StageState state) {
    }

    static Layers layers(BuildSession b, StageState current, Instruction i, String ref) {
        Optional<Stage> stage = b.dockerfile.stage(ref);
        if (stage.isPresent() && stage.get().index() < current.stage.index()) {
            StageState st = b.built.get(stage.get().index());
            if (st == null) {
                throw b.error(i, "stage " + ref + " was not built");
            }
            return new Layers("stage " + st.key, st);
        }
        if (stage.isPresent()) {
            throw b.error(i, "--from=" + ref + " names this stage or a later one; only earlier stages can be used");
        }
        Image img = b.image(i, ref, dev.jrun.image.Platform.host());
        StageState tmp = new StageState(current.stage);
        tmp.layers.addAll(img.manifest().layers());
        tmp.diffIds.addAll(img.config().diffIds());
        return new Layers("image " + img.id(), tmp);
    }

    /** The matches of {@code source} in {@code t} (globs per component; symlinks in the path followed). */
    static List<ContextFiles.Match> select(FsTree t, String source) throws ContextFiles.SourceException {
        String clean = FsEntry.clean(source);
        List<String> paths = new ArrayList<>();
        String[] parts = clean.isEmpty() ? new String[0] : clean.split("/");
        boolean glob = false;
        for (String p : parts) {
            glob |= ContextFiles.hasMeta(p);
        }
        if (glob) {
            List<Pattern> pats = new ArrayList<>();
            for (String p : parts) {
                pats.add(ContextFiles.globRegex(p));
            }
            for (String p : t.entries().keySet()) {
                String[] ps = p.split("/");
                boolean ok = ps.length == parts.length;
                for (int k = 0; ok && k < ps.length; k++) {
                    ok = pats.get(k).matcher(ps[k]).matches();
                }
                if (ok) {
                    paths.add(p);
                }
            }
        } else {
            String r = t.resolve(clean, true);
            if (r.isEmpty() || t.get(r).isPresent()) {
                paths.add(r);
            }
        }
        if (paths.isEmpty()) {
            throw new ContextFiles.SourceException("file not found: stat " + source + ": file does not exist");
        }
        List<ContextFiles.Match> out = new ArrayList<>();
        for (String p : paths) {
            FsEntry self = p.isEmpty() ? FsEntry.dir("", 0)
                    : plain(t, t.withContent(List.of(t.get(p).get())).get(0)).withPath("");
            List<FsEntry> children = new ArrayList<>();
            if (self.isDir()) {
                for (FsEntry e : t.withContent(t.under(p))) {
                    if (!e.path().equals(p)) {
                        children.add(plain(t, e).withPath(p.isEmpty() ? e.path() : e.path().substring(p.length() + 1)));
                    }
                }
            }
            out.add(new ContextFiles.Match(p, self, children));
        }
        return out;
    }

    /** A hard link becomes a copy of its target's content. */
    private static FsEntry plain(FsTree t, FsEntry e) {
        if (e.kind() != FsEntry.Kind.HARDLINK) {
            return e;
        }
        java.nio.file.Path c = t.content(e);
        long size;
        try {
            size = c == null ? 0 : java.nio.file.Files.size(c);
        } catch (java.io.IOException ex) {
            throw new dev.jrun.JrunException("stat " + c + ": " + ex.getMessage(), ex);
        }
        return new FsEntry(e.path(), FsEntry.Kind.FILE, e.mode(), e.uid(), e.gid(), size, null, c, e.mtime());
    }
}
