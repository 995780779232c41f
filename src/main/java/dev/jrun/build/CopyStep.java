package dev.jrun.build;

import dev.jrun.dockerfile.Heredoc;
import dev.jrun.dockerfile.Instruction;
import dev.jrun.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * COPY and ADD: sources from the context (or another stage or image with {@code --from}), URLs and
 * local archives for ADD, heredocs; docker's destination rules (trailing slash or several sources
 * mean a directory, relative to WORKDIR, an existing directory receives a single file); one layer
 * written in Java. Context files get 0:0 unless {@code --chown}; files from another stage keep their
 * owner (as buildkit).
 */
final class CopyStep {
    private CopyStep() {
    }

    /** The expanded instruction. */
    private record Spec(boolean add, List<String> sources, List<Heredoc> inline, String dest, String from,
            String chown, Integer chmod, boolean unpack, String checksum, List<String> excludes, boolean parents) {
    }

    static Step prepare(BuildSession b, StageState s, Instruction i) {
        Spec spec = expand(b, s, i);
        Map<String, String> inputs = new TreeMap<>();
        List<ContextFiles.Match> matches = new ArrayList<>();
        List<Boolean> archive = new ArrayList<>();
        SourceTrees.SourceTree from = null;
        if (b.clamp() != null) {
            inputs.put("timestamp", b.clamp().toString());
        }
        if (spec.from != null) {
            from = SourceTrees.resolve(b, s, i, spec.from);
            inputs.put("from", from.key());
        } else {
            ContextFiles ctx = b.context();
            for (String src : spec.sources) {
                try {
                    if (spec.add && AddSources.isUrl(src)) {
                        ContextFiles.Match m = AddSources.download(b, src, spec.checksum, b.madeUpTime(s));
                        inputs.put("url:" + src, CacheKey.fileInput(m.self(), sha(m.self().content())));
                        matches.add(m);
                        archive.add(false);
                        continue;
                    }
                    List<ContextFiles.Match> ms = keepParents(spec, src, exclude(ctx.select(src), spec.excludes));
                    inputs.putAll(ContextFiles.inputs(ms));
                    for (ContextFiles.Match m : ms) {
                        matches.add(m);
                        archive.add(spec.add && spec.unpack && m.self().kind() == FsEntry.Kind.FILE);
                    }
                } catch (ContextFiles.SourceException e) {
                    throw b.error(i, (spec.add ? "ADD" : "COPY") + " failed: " + e.getMessage());
                } catch (IOException e) {
                    throw b.error(i, "read " + src + " from the build context: " + e.getMessage(), e);
                }
            }
        }
        for (Heredoc h : spec.inline) {
            String content = h.expand() ? b.expand(i, s, h.chompedContent()) : h.chompedContent();
            Path f = b.newScratchDir("heredoc").resolve("content");
            try {
                Files.writeString(f, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw b.error(i, "write heredoc " + h.name() + ": " + e.getMessage(), e);
            }
            FsEntry e = new FsEntry("", FsEntry.Kind.FILE, 0644, 0, 0, content.getBytes(StandardCharsets.UTF_8).length,
                    null, f, b.madeUpTime(s));
            inputs.put("heredoc:" + h.name(), CacheKey.fileInput(e, sha(f)));
            matches.add(new ContextFiles.Match(h.name(), e, List.of()));
            archive.add(false);
        }
        String text = text(spec);
        SourceTrees.SourceTree src = from;
        return new Step(text, inputs, true, () -> {
            List<ContextFiles.Match> all = new ArrayList<>(matches);
            List<Boolean> arch = new ArrayList<>(archive);
            if (src != null) {
                try {
                    for (String source : spec.sources) {
                        for (ContextFiles.Match m : keepParents(spec, source, exclude(
                                SourceTrees.select(src.tree().get(), source), spec.excludes))) {
                            all.add(m);
                            arch.add(false);
                        }
                    }
                } catch (ContextFiles.SourceException e) {
                    throw b.error(i, "COPY --from=" + spec.from + " failed: " + e.getMessage());
                }
            }
            return new Step.Outcome(place(b, s, i, spec, all, arch), s.config);
        });
    }

    private static Spec expand(BuildSession b, StageState s, Instruction i) {
        Spec spec = expandRaw(b, s, i);
        String what = spec.add ? "ADD" : "COPY";
        for (String src : spec.sources) {
            if (src.isEmpty()) {
                throw b.error(i, what + " source is empty after expansion (an ARG without a value?)");
            }
        }
        if (spec.dest.isEmpty()) {
            throw b.error(i, what + " destination is empty after expansion (an ARG without a value?)");
        }
        return spec;
    }

    private static Spec expandRaw(BuildSession b, StageState s, Instruction i) {
        if (i instanceof Instruction.Copy c) {
            return new Spec(false, b.expandAll(i, s, c.sources()), c.inline(), b.expand(i, s, c.destination()),
                    c.from() == null || c.from().isEmpty() ? null : b.expand(i, s, c.from()), chown(b, s, i, c.chown()),
                    chmod(b, i, c.chmod() == null ? null : b.expand(i, s, c.chmod())), false, null,
                    b.expandAll(i, s, c.excludes()), c.parents());
        }
        Instruction.Add a = (Instruction.Add) i;
        return new Spec(true, b.expandAll(i, s, a.sources()), a.inline(), b.expand(i, s, a.destination()), null,
                chown(b, s, i, a.chown()), chmod(b, i, a.chmod() == null ? null : b.expand(i, s, a.chmod())),
                a.unpack() == null || a.unpack(),
                a.checksum() == null || a.checksum().isEmpty() ? null : b.expand(i, s, a.checksum()),
                b.expandAll(i, s, a.excludes()), false);
    }

    private static String chown(BuildSession b, StageState s, Instruction i, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String v = b.expand(i, s, raw);
        if (v.isEmpty()) {
            throw b.error(i, "--chown is empty after expansion (an ARG without a value?)");
        }
        return v;
    }

    private static Integer chmod(BuildSession b, Instruction i, String v) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            int m = Integer.parseInt(v, 8);
            if (m < 0 || m > 07777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw b.error(i, "invalid --chmod=" + v + ": want an octal mode such as 0755");
        }
    }

    private static String text(Spec spec) {
        StringBuilder t = new StringBuilder(spec.add ? "ADD" : "COPY");
        if (spec.from != null) {
            t.append(" --from=").append(spec.from);
        }
        if (spec.chown != null) {
            t.append(" --chown=").append(spec.chown);
        }
        if (spec.chmod != null) {
            t.append(" --chmod=").append(String.format("%04o", spec.chmod));
        }
        if (spec.parents) {
            t.append(" --parents");
        }
        for (String e : spec.excludes) {
            t.append(" --exclude=").append(e);
        }
        for (String src : spec.sources) {
            t.append(' ').append(src);
        }
        for (Heredoc h : spec.inline) {
            t.append(" <<").append(h.name());
        }
        return t.append(' ').append(spec.dest).toString();
    }

    /**
     * COPY --parents: each match keeps its path (relative to the context or stage root, or to the part
     * of the source before a {@code /./} pivot) under the destination, as buildkit's labs syntax.
     */
    private static List<ContextFiles.Match> keepParents(Spec spec, String source, List<ContextFiles.Match> ms) {
        if (!spec.parents) {
            return ms;
        }
        String raw = source.replace('\\', '/');
        int pivot = raw.indexOf("/./");
        String prefix = pivot < 0 ? "" : FsEntry.clean(raw.substring(0, pivot));
        List<ContextFiles.Match> out = new ArrayList<>();
        for (ContextFiles.Match m : ms) {
            String kept = prefix.isEmpty() || !m.path().startsWith(prefix) ? m.path()
                    : m.path().equals(prefix) ? "" : m.path().substring(prefix.length() + 1);
            out.add(new ContextFiles.Match(kept, m.self(), m.children()));
        }
        return out;
    }

    private static LayerWriter.Layer place(BuildSession b, StageState s, Instruction i, Spec spec,
            List<ContextFiles.Match> matches, List<Boolean> archive) {
        FsTree fs = b.fs(s);
        int[] owner = null;
        if (spec.chown != null) {
            try {
                owner = Owners.resolve(spec.chown, fs);
            } catch (Owners.UnknownOwner e) {
                throw b.error(i, e.getMessage());
            }
        }
        String destAbs = spec.dest.startsWith("/") ? spec.dest : s.workdir() + "/" + spec.dest;
        boolean slash = spec.dest.endsWith("/") || spec.dest.equals(".") || spec.dest.endsWith("/.");
        if (matches.size() > 1 && !slash) {
            throw b.error(i, "When using " + (spec.add ? "ADD" : "COPY") + " with more than one source file, "
                    + "the destination must be a directory and end with a /");
        }
        String dest = fs.resolve(FsEntry.clean(destAbs), true);
        boolean destIsDir = slash || fs.get(dest).map(FsEntry::isDir).orElse(false);
        TreeMap<String, FsEntry> out = new TreeMap<>();
        for (int k = 0; k < matches.size(); k++) {
            ContextFiles.Match m = matches.get(k);
            List<FsEntry> extracted = archive.get(k) ? AddSources.extract(b, m.self().content()) : null;
            if (extracted != null) {
                putTree(out, dest, FsEntry.dir("", b.madeUpTime(s)), extracted, owner, spec.chmod, false);
            } else if (spec.parents) {
                String at = join(dest, m.path());
                putTree(out, at, m.self(), m.children(), owner, spec.chmod, spec.from == null);
            } else if (m.self().isDir()) {
                putTree(out, dest, m.self(), m.children(), owner, spec.chmod, spec.from == null);
            } else {
                String name = FsEntry.nameOf(m.path().isEmpty() ? "file" : m.path());
                String target = destIsDir ? join(dest, name) : dest;
                out.put(target, adjust(m.self().withPath(target), owner, spec.chmod, spec.from == null));
            }
        }
        out.remove("");
        addParents(b.madeUpTime(s), fs, out);
        return LayerWriter.write(b.store.blobs(), out.values(), List.of(), b.clamp());
    }

    private static void putTree(TreeMap<String, FsEntry> out, String dest, FsEntry self, List<FsEntry> children,
            int[] owner, Integer chmod, boolean resetOwner) {
        out.put(dest, adjust(self.withPath(dest), owner, chmod, resetOwner));
        for (FsEntry c : children) {
            String p = join(dest, c.path());
            out.put(p, adjust(c.withPath(p), owner, chmod, resetOwner));
        }
    }

    private static FsEntry adjust(FsEntry e, int[] owner, Integer chmod, boolean resetOwner) {
        FsEntry r = owner != null ? e.withOwner(owner[0], owner[1]) : resetOwner ? e.withOwner(0, 0) : e;
        return chmod != null && r.kind() != FsEntry.Kind.SYMLINK ? r.withMode(chmod) : r;
    }

    /** Every parent of a written path appears in the layer: as it is in the image, or created 0755 root. */
    private static void addParents(long madeUpTime, FsTree fs, TreeMap<String, FsEntry> out) {
        for (String p : new ArrayList<>(out.keySet())) {
            for (String parent = FsEntry.parentOf(p); !parent.isEmpty() && !out.containsKey(parent);
                    parent = FsEntry.parentOf(parent)) {
                String dir = parent;
                out.put(dir, fs.get(dir).filter(FsEntry::isDir).orElseGet(() -> FsEntry.dir(dir, madeUpTime)));
            }
        }
    }

    /** {@code --exclude} patterns (.dockerignore syntax) against the source paths. */
    private static List<ContextFiles.Match> exclude(List<ContextFiles.Match> matches, List<String> patterns) {
        if (patterns.isEmpty()) {
            return matches;
        }
        dev.jrun.dockerfile.DockerIgnore ex = dev.jrun.dockerfile.DockerIgnore.of(patterns);
        List<ContextFiles.Match> out = new ArrayList<>();
        for (ContextFiles.Match m : matches) {
            if (!m.path().isEmpty() && ex.excluded(m.path())) {
                continue;
            }
            List<FsEntry> kept = new ArrayList<>();
            for (FsEntry c : m.children()) {
                if (!ex.excluded(join(m.path(), c.path())) && !ex.excluded(c.path())) {
                    kept.add(c);
                }
            }
            out.add(new ContextFiles.Match(m.path(), m.self(), kept));
        }
        return out;
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : name.isEmpty() ? dir : dir + "/" + name;
    }

    static Digest sha(Path f) {
        try (var in = Files.newInputStream(f)) {
            return Digest.sha256(in);
        } catch (IOException e) {
            throw new dev.jrun.JrunException("read " + f + ": " + e.getMessage(), e);
        }
    }
}
