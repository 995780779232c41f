package dev.jrun.build;

import dev.jrun.dockerfile.Dockerfile;
import dev.jrun.dockerfile.DockerfileSyntaxException;
import dev.jrun.dockerfile.Instruction;
import dev.jrun.dockerfile.ShellExpansionException;
import dev.jrun.dockerfile.ShellLex;
import dev.jrun.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Everything one build shares between its steps. */
final class BuildSession {
    final ImageStore store;
    final BuildOptions options;
    final Dockerfile dockerfile;
    final BuildArgs args;
    final BuildProgress progress;
    final StepExecutor executor;
    final ImagePuller puller;
    /** This build's scratch space in the store's tmp, made on first use (a cached build needs none). */
    private Path scratch;
    final ShellLex lex;
    final long startSeconds;
    final Map<Integer, StageState> built = new HashMap<>();
    /** build --secret values by id. */
    final Map<String, byte[]> secrets = new HashMap<>();
    private int scratchCounter;

    BuildSession(ImageStore store, BuildOptions options, Dockerfile dockerfile, BuildArgs args,
            BuildProgress progress, StepExecutor executor, ImagePuller puller) {
        this.store = store;
        this.options = options;
        this.dockerfile = dockerfile;
        this.args = args;
        this.progress = progress;
        this.executor = executor;
        this.puller = puller;
        this.lex = ShellLex.of(dockerfile.syntax().escapeToken());
        this.startSeconds = options.timestamp() != null ? options.timestamp() : Instant.now().getEpochSecond();
    }

    /** The time stamp for history entries and created directories. */
    String created() {
        return Instant.ofEpochSecond(startSeconds).toString();
    }

    /**
     * The mtime of what the builder makes up rather than copies (parent and WORKDIR directories, heredoc
     * files, downloads without Last-Modified): --timestamp when given, else the creation time of the
     * stage's base image (0 for scratch or when unknown). Never the clock: a step's cache key does not
     * hold the time, so a rebuilt step (--no-cache, a garbage-collected layer) must give the same layer.
     */
    long madeUpTime(StageState s) {
        if (options.timestamp() != null) {
            return options.timestamp();
        }
        String created = s.image == null ? null : s.image.created();
        if (created == null || created.isEmpty()) {
            return 0;
        }
        return Math.max(0, epochSeconds(created));
    }

    /**
     * RFC 3339 ({@code 2024-01-01T00:00:00[.frac](Z|+hh:mm)}) to epoch seconds, 0 when it is not that;
     * by hand, as java.time's parser costs ~10 ms to set up in a fresh JVM.
     */
    static long epochSeconds(String t) {
        try {
            if (t.length() < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T'
                    && t.charAt(10) != 't' && t.charAt(10) != ' ') || t.charAt(13) != ':' || t.charAt(16) != ':') {
                return 0;
            }
            long days = java.time.LocalDate.of(num(t, 0, 4), num(t, 5, 7), num(t, 8, 10)).toEpochDay();
            long secs = days * 86400 + num(t, 11, 13) * 3600L + num(t, 14, 16) * 60L + num(t, 17, 19);
            int i = 19;
            if (t.charAt(i) == '.') {
                do {
                    i++;
                } while (i < t.length() && Character.isDigit(t.charAt(i)));
            }
            char z = t.charAt(i);
            if ((z == 'Z' || z == 'z') && i == t.length() - 1) {
                return secs;
            }
            if ((z == '+' || z == '-') && t.length() == i + 6 && t.charAt(i + 3) == ':') {
                long off = num(t, i + 1, i + 3) * 3600L + num(t, i + 4, i + 6) * 60L;
                return z == '+' ? secs - off : secs + off;
            }
            return 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static int num(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(s);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The layer mtime ceiling, when reproducible output was asked for. */
    Long clamp() {
        return options.timestamp();
    }

    /** A fresh directory under this build's scratch space. */
    Path newScratchDir(String what) {
        if (scratch == null) {
            scratch = store.blobs().newTempDir("build-");
        }
        try {
            return Files.createDirectory(scratch.resolve(what + "-" + (scratchCounter++)));
        } catch (java.io.IOException e) {
            throw new dev.jrun.JrunException("create scratch dir in " + scratch + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the scratch space, if the build made one. */
    void deleteScratch() {
        if (scratch != null) {
            dev.jrun.store.FileTrees.deleteQuietly(scratch);
        }
    }

    DockerfileSyntaxException error(Instruction i, String reason) {
        return dockerfile.error(i, reason, null);
    }

    DockerfileSyntaxException error(Instruction i, String reason, Throwable cause) {
        return dockerfile.error(i, reason, cause);
    }

    /** Expands one word with the stage's ENV and ARGs; errors point at the instruction. */
    String expand(Instruction i, StageState s, String word) {
        try {
            return lex.processWord(word, s.env());
        } catch (ShellExpansionException e) {
            throw error(i, e.getMessage(), e);
        }
    }

    List<String> expandAll(Instruction i, StageState s, List<String> words) {
        return words.stream().map(w -> expand(i, s, w)).toList();
    }

    /** The merged filesystem of a stage's layers so far. */
    FsTree fs(StageState s) {
        return s.fs(store.blobs(), this::treeIndex, () -> newScratchDir("fs"));
    }

    /** Where the {@link LayerIndex} of the layer with this diffID is kept. */
    java.nio.file.Path treeIndex(dev.jrun.image.Digest diffId) {
        return store.paths().buildTree(diffId);
    }

    private ContextFiles context;

    /** The build context with .dockerignore applied, read on first use. */
    ContextFiles context() {
        if (context == null) {
            try {
                context = new ContextFiles(options.context(), dev.jrun.dockerfile.DockerIgnore.forBuild(
                        options.context(), options.dockerfile()));
            } catch (java.io.IOException e) {
                throw new dev.jrun.JrunException("read .dockerignore in " + options.context() + ": " + e.getMessage(), e);
            }
        }
        return context;
    }

    /**
     * An image named in FROM or COPY --from: from the store, pulled when missing or when --pull
     * asks; a failure names the instruction's line.
     */
    dev.jrun.store.Image image(Instruction i, String ref, dev.jrun.image.Platform platform) {
        try {
            dev.jrun.image.ImageReference.parse(ref);
        } catch (dev.jrun.JrunException e) {
            if (!dev.jrun.image.ImageReference.looksLikeId(ref)) {
                throw error(i, "no build stage and no image named " + ref + " (" + e.getMessage() + ")", e);
            }
        }
        java.util.Optional<dev.jrun.store.Image> local = options.pull() ? java.util.Optional.empty() : store.find(ref);
        if (local.isPresent()) {
            return local.get();
        }
        try {
            progress.info((options.pull() ? "Pulling " : "Image not in the store, pulling ") + ref);
            return puller.pull(ref, platform);
        } catch (dev.jrun.JrunException e) {
            throw error(i, "image " + ref + " is not in the store and pulling it failed: " + e.getMessage()
                    + " (load it with 'jrun load' or 'jrun import' when the registry is unreachable)", e);
        }
    }
}
