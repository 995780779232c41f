package dev.jrun.build;

import dev.jrun.JrunException;
import dev.jrun.dockerfile.Dockerfile;
import dev.jrun.dockerfile.DockerfileSyntaxException;
import dev.jrun.dockerfile.Instruction;
import dev.jrun.dockerfile.Stage;
import dev.jrun.image.Platform;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import dev.jrun.store.StoreLock;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code jrun build}: parses the Dockerfile, works out which stages the target needs (unused stages
 * are skipped, as buildkit does), runs each instruction as a cached step, and registers the target
 * stage's image under the tags. Nothing is tagged unless the whole build succeeds.
 */
public final class Builder {
    private final ImageStore store;
    private final BuildProgress progress;
    private final StepExecutor executor;
    private final ImagePuller puller;
    private Map<String, byte[]> secrets = Map.of();

    public Builder(ImageStore store, BuildProgress progress, StepExecutor executor) {
        this(store, progress, executor, ImagePuller.NONE);
    }

    /** @param puller fetches base images the store lacks (and all of them with --pull) */
    public Builder(ImageStore store, BuildProgress progress, StepExecutor executor, ImagePuller puller) {
        this.store = store;
        this.progress = progress;
        this.executor = executor;
        this.puller = puller;
    }

    /**
     * The secrets RUN --mount=type=secret can use, by id (build --secret). They never enter a layer,
     * the image config or a cache key.
     */
    public Builder withSecrets(Map<String, byte[]> byId) {
        this.secrets = Map.copyOf(byId);
        return this;
    }

    /** Builds and returns the image (tagged with the options' tags). */
    public Image build(BuildOptions o) {
        Dockerfile df = parse(o.dockerfile());
        Platform target = o.platform() == null || o.platform().isEmpty() ? Platform.host() : Platform.parse(o.platform());
        BuildArgs args = new BuildArgs(o.buildArgs(), df.metaArgs(), target);
        Stage targetStage = df.lastStage();
        if (o.target() != null && !o.target().isEmpty()) {
            targetStage = df.stage(o.target()).orElseThrow(() -> new DockerfileSyntaxException(
                    df.syntax().fileName(), 0, 0, 0, "target stage \"" + o.target()
                    + "\" could not be found (stages: " + stageNames(df) + ")", List.of()));
        }
        Set<Integer> needed = StagePlan.needed(df, args, targetStage);
        int total = 0;
        for (Stage s : df.stages()) {
            if (needed.contains(s.index())) {
                total += 1 + s.instructions().size();
            }
        }
        BuildCache cache = new BuildCache(store.paths().buildCache(), store.blobs());
        try (StoreLock lease = store.lease()) {
            BuildSession b = new BuildSession(store, o, df, args, progress, executor, puller);
            try {
                b.secrets.putAll(secrets);
                StageRunner runner = new StageRunner(b, cache, total);
                StageState last = null;
                for (Stage s : df.stages()) {
                    if (needed.contains(s.index())) {
                        last = runner.run(s);
                        b.built.put(s.index(), last);
                    }
                    if (s == targetStage) {
                        break;
                    }
                }
                for (String unused : args.unused()) {
                    progress.warn("One or more build-args [" + unused + "] were not consumed");
                }
                return ImageAssembler.write(b, last);
            } finally {
                b.deleteScratch();
            }
        }
    }

    private static String stageNames(Dockerfile df) {
        return String.join(", ", df.stages().stream().map(s -> s.name().isEmpty() ? String.valueOf(s.index())
                : s.name()).toList());
    }

    private static Dockerfile parse(Path file) {
        try {
            return Dockerfile.parse(file);
        } catch (NoSuchFileException e) {
            throw new JrunException("no Dockerfile at " + file + " (use -f to name another file)");
        } catch (IOException e) {
            throw new JrunException("read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The instructions an image's ONBUILD triggers stand for (parsed as a one-stage file). */
    static List<Instruction> triggers(List<String> onBuild) {
        if (onBuild == null || onBuild.isEmpty()) {
            return List.of();
        }
        Dockerfile d = Dockerfile.parse("ONBUILD", "FROM scratch\n" + String.join("\n", onBuild) + "\n");
        return d.stages().get(0).instructions();
    }

    static Optional<Stage> earlierStage(Dockerfile df, String ref, int before) {
        return df.stage(ref).filter(s -> s.index() < before);
    }
}
