package dev.jrun.build;

import dev.jrun.JrunException;
import dev.jrun.dockerfile.Instruction;
import dev.jrun.dockerfile.RunMount;
import dev.jrun.image.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RUN --mount, as buildkit: {@code cache} (a directory under the store's build cache, keyed by id,
 * default the target, kept between builds until {@code jrun builder prune}), {@code bind} (read-only by
 * default; from the context, an earlier stage or an image), {@code tmpfs}. A relative target is under
 * the WORKDIR. Cache and tmpfs mounts enter the step's cache key by their spec only; a bind by what it
 * binds (the selected context files' digest, the stage's key, the image's id) and where. A {@code secret}
 * (build --secret) is a read-only file, default {@code /run/secrets/<id>} mode 0400, or with {@code env=} a
 * variable of the command; its value stays out of the cache key, the layer and the config.
 */
final class RunMounts {
    private RunMounts() {
    }

    /** The mounts of a RUN and their cache-key inputs. */
    record Resolved(List<StepExecutor.Mount> mounts, Map<String, String> inputs, Map<String, String> env) {
    }

    static Resolved resolve(BuildSession b, StageState s, Instruction.Run r) {
        List<StepExecutor.Mount> mounts = new ArrayList<>();
        Map<String, String> inputs = new java.util.TreeMap<>();
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (int n = 0; n < r.mounts().size(); n++) {
            RunMount m;
            try {
                m = RunMount.parse(b.expand(r, s, r.mounts().get(n)));
            } catch (JrunException e) {
                throw b.error(r, "RUN --mount=" + r.mounts().get(n) + ": " + e.getMessage(), e);
            }
            String key = "mount:" + n;
            if (m.type().equals("secret")) {
                secret(b, r, s, m, key, mounts, inputs, env);
                continue;
            }
            if (m.target().isEmpty()) {
                throw b.error(r, "RUN --mount=" + r.mounts().get(n) + ": a target is required");
            }
            String target = absolute(s.workdir(), m.target());
            switch (m.type()) {
                case "cache" -> {
                    if (!m.from().isEmpty()) {
                        throw b.error(r, "RUN --mount=type=cache,from=... is not supported by jrun build");
                    }
                    String id = m.cacheId().isEmpty() ? target : m.cacheId();
                    mounts.add(StepExecutor.Mount.bind(target, cacheDir(b, r, id, m), "/", m.readOnly()));
                    inputs.put(key, "cache " + id + " on " + target + (m.readOnly() ? " ro" : ""));
                }
                case "tmpfs" -> {
                    mounts.add(StepExecutor.Mount.tmpfs(target, m.sizeLimit()));
                    inputs.put(key, "tmpfs on " + target + " size " + m.sizeLimit());
                }
                case "bind" -> {
                    String source = m.source().isEmpty() ? "/" : m.source();
                    String where = source + " on " + target + (m.readOnly() ? " ro" : " rw");
                    if (m.from().isEmpty()) {
                        inputs.put(key, "context " + where);
                        inputs.putAll(prefixed(key + ":", contextInputs(b, r, source)));
                        mounts.add(StepExecutor.Mount.bind(target, b.options.context(), source, m.readOnly()));
                    } else {
                        SourceTrees.Layers l = SourceTrees.layers(b, s, r, m.from());
                        inputs.put(key, l.key() + " " + where);
                        mounts.add(new StepExecutor.Mount(target, "bind", null, source, l.state().layers,
                                l.state().diffIds, m.readOnly(), 0));
                    }
                }
                default -> throw b.error(r, "RUN --mount=type=" + m.type() + " is not supported by jrun build"
                        + " (cache, bind, tmpfs and secret are)");
            }
        }
        return new Resolved(mounts, inputs, env);
    }

    private static void secret(BuildSession b, Instruction.Run r, StageState s, RunMount m, String key,
                               List<StepExecutor.Mount> mounts, Map<String, String> inputs, Map<String, String> env) {
        String id = !m.cacheId().isEmpty() ? m.cacheId()
                : !m.source().isEmpty() ? m.source() : FsEntry.nameOf(FsEntry.clean(m.target()));
        byte[] value = b.secrets.get(id);
        if (value == null) {
            if (m.required()) {
                throw b.error(r, "secret " + id + " is required but was not given: add --secret id=" + id
                        + ",src=FILE (or env=VAR) to jrun build");
            }
            return;
        }
        if (m.env() != null && m.target().isEmpty()) {
            env.put(m.env(), new String(value, java.nio.charset.StandardCharsets.UTF_8));
            inputs.put(key, "secret " + id + " as $" + m.env());
            return;
        }
        String target = m.target().isEmpty() ? "/run/secrets/" + id : absolute(s.workdir(), m.target());
        Path dir = b.newScratchDir("secret");
        try {
            Path f = Files.write(dir.resolve("value"), value);
            Files.setAttribute(f, "unix:mode", m.mode() == null ? 0400 : m.mode());
            Files.setAttribute(f, "unix:uid", m.uid() == null ? 0 : m.uid());
            Files.setAttribute(f, "unix:gid", m.gid() == null ? 0 : m.gid());
        } catch (IOException | UnsupportedOperationException e) {
            throw b.error(r, "write secret " + id + " in " + dir + ": " + e.getMessage(), e);
        }
        mounts.add(StepExecutor.Mount.bind(target, dir, "value", true));
        inputs.put(key, "secret " + id + " on " + target);
    }

    static String absolute(String workdir, String target) {
        String t = target.startsWith("/") ? target : (workdir.endsWith("/") ? workdir : workdir + "/") + target;
        return "/" + FsEntry.clean(t);
    }

    private static Map<String, String> prefixed(String prefix, Map<String, String> m) {
        Map<String, String> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(prefix + k, v));
        return out;
    }

    private static Map<String, String> contextInputs(BuildSession b, Instruction.Run r, String source) {
        String sel = FsEntry.clean(source).isEmpty() ? "." : source;
        try {
            return ContextFiles.inputs(b.context().select(sel));
        } catch (ContextFiles.SourceException e) {
            throw b.error(r, "RUN --mount source " + source + " in the build context: " + e.getMessage(), e);
        } catch (IOException e) {
            throw b.error(r, "RUN --mount source " + source + ": read the build context: " + e.getMessage(), e);
        }
    }

    /** The cache mount's directory, created (owned uid:gid, mode, as buildkit) on first use. */
    private static Path cacheDir(BuildSession b, Instruction.Run r, String id, RunMount m) {
        Path dir = b.store.paths().buildCache().resolve("mounts").resolve(Digest.sha256(id).hex());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Path tmp = Files.createDirectories(dir.getParent()).resolve(dir.getFileName() + ".tmp" + ProcessHandle.current().pid());
            Files.createDirectories(tmp);
            Files.setAttribute(tmp, "unix:mode", m.mode() == null ? 0755 : m.mode());
            Files.setAttribute(tmp, "unix:uid", m.uid() == null ? 0 : m.uid());
            Files.setAttribute(tmp, "unix:gid", m.gid() == null ? 0 : m.gid());
            try {
                Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                Files.delete(tmp);
            }
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            throw b.error(r, "create the cache mount " + id + " in " + dir + ": " + e.getMessage(), e);
        }
    }
}
