package dev.jrun.build;

import dev.jrun.dockerfile.DockerfileSyntaxException;
import dev.jrun.dockerfile.Instruction;
import dev.jrun.dockerfile.ShellExpansionException;
import dev.jrun.dockerfile.ShellLex;
import dev.jrun.dockerfile.Stage;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.Platform;
import dev.jrun.store.Image;
import java.util.List;
import java.util.Optional;

/** Runs one stage: FROM, the base image's ONBUILD triggers, then each instruction through the cache. */
final class StageRunner {
    private final BuildSession b;
    private final BuildCache cache;
    private final int total;
    private int global;

    StageRunner(BuildSession b, BuildCache cache, int total) {
        this.b = b;
        this.cache = cache;
        this.total = total;
    }

    StageState run(Stage stage) {
        StageState s = new StageState(stage);
        int count = 1 + stage.instructions().size();
        b.progress.step(stage.name(), 1, count, ++global, total, stage.from().original());
        List<String> onBuild = from(s, stage);
        b.progress.done(s.key.shortHex());
        for (Instruction t : Builder.triggers(onBuild)) {
            try {
                b.progress.info("# Executing ONBUILD trigger: " + t.original());
                step(s, t);
            } catch (DockerfileSyntaxException e) {
                throw b.error(stage.from(), "ONBUILD trigger \"" + t.original() + "\" of the base image failed: "
                        + e.reason(), e);
            }
        }
        int n = 1;
        for (Instruction i : stage.instructions()) {
            b.progress.step(stage.name(), ++n, count, ++global, total, i.original());
            step(s, i);
        }
        return s;
    }

    /** Sets up the stage from its base; returns the base's ONBUILD triggers. */
    private List<String> from(StageState s, Stage stage) {
        Instruction.From f = stage.from();
        ShellLex.Result r;
        try {
            r = b.lex.processWordWithMatches(stage.base(), b.args.metaScope());
        } catch (ShellExpansionException e) {
            throw b.error(f, e.getMessage(), e);
        }
        b.args.consumedInFrom(r.matched());
        String base = r.result();
        if (base.isBlank()) {
            throw b.error(f, "base name (" + stage.base() + ") should not be blank"
                    + (r.unmatched().isEmpty() ? "" : ": ARG " + String.join(", ", r.unmatched()) + " has no value"));
        }
        String timestamp = b.clamp() == null ? "" : " timestamp=" + b.clamp();
        Optional<Stage> earlier = Builder.earlierStage(b.dockerfile, base, stage.index());
        ImageConfig img;
        if (base.equalsIgnoreCase("scratch")) {
            Platform p = platform(s, f, null);
            img = new ImageConfig(null, null, p.architecture(), p.os(), null, p.variant(),
                    ImageConfig.ContainerConfig.empty(), ImageConfig.RootFs.layers(List.of()), List.of());
            s.key = Digest.sha256("FROM scratch " + p + timestamp);
        } else if (earlier.isPresent()) {
            StageState src = b.built.get(earlier.get().index());
            img = src.image.withConfig(src.config);
            s.layers.addAll(src.layers);
            s.diffIds.addAll(src.diffIds);
            s.history.addAll(src.history);
            s.author = src.author;
            s.key = src.key;
        } else {
            Image image = b.image(f, base, requested(f));
            img = image.config();
            s.layers.addAll(image.manifest().layers());
            s.diffIds.addAll(img.diffIds());
            s.history.addAll(img.historyOrEmpty());
            s.author = img.author();
            s.key = Digest.sha256("FROM " + image.id() + timestamp);
        }
        if (!base.equalsIgnoreCase("scratch")) {
            Platform have = Platform.of(img.os() == null ? "linux" : img.os(),
                    img.architecture() == null ? Platform.host().architecture() : img.architecture(), img.variant());
            platform(s, f, have);
        }
        s.image = img;
        ImageConfig.ContainerConfig cc = img.configOrEmpty();
        List<String> triggers = cc.onBuild();
        ConfigEditor e = new ConfigEditor(cc);
        e.onBuild = null;
        s.config = e.build();
        s.baseLayers = s.layers.size();
        s.baseHistory = s.history.size();
        return triggers;
    }

    /** The platform FROM asks for ({@code --platform}, else the build's), for pulling. */
    private Platform requested(Instruction.From f) {
        String p = f.platform() == null || f.platform().isEmpty() ? b.options.platform() : f.platform();
        if (p == null || p.isEmpty()) {
            return Platform.host();
        }
        try {
            return Platform.parse(b.lex.processWord(p, b.args.metaScope()));
        } catch (RuntimeException e) {
            throw b.error(f, "--platform: " + e.getMessage(), e);
        }
    }

    /** Checks {@code --platform} against the host (scratch) or the base image. */
    private Platform platform(StageState s, Instruction.From f, Platform have) {
        Platform host = Platform.host();
        if (s.stage.platform().isEmpty()) {
            return have == null ? host : have;
        }
        Platform want;
        try {
            want = Platform.parse(b.lex.processWord(s.stage.platform(), b.args.metaScope()));
        } catch (RuntimeException e) {
            throw b.error(f, "--platform: " + e.getMessage(), e);
        }
        Platform against = have == null ? host : have;
        if (!want.os().equals(against.os()) || !want.architecture().equals(against.architecture())) {
            throw b.error(f, "--platform=" + want + " does not match " + (have == null ? "this host (" : "the image ("
                    + s.stage.base() + ": ") + against + "); jrun builds for the host platform only");
        }
        return want;
    }

    private void step(StageState s, Instruction i) {
        if (i instanceof Instruction.From) {
            throw b.error(i, "FROM is not allowed here");
        }
        Step step = prepare(s, i);
        CacheKey key = CacheKey.of(s.key, step.text(), step.inputs());
        Optional<CacheEntry> hit = b.options.noCache() ? Optional.empty() : cache.lookup(key);
        CacheEntry entry;
        if (hit.isPresent()) {
            entry = hit.get();
            b.progress.cached(key.digest().shortHex());
        } else {
            b.progress.miss(b.options.noCache() ? "--no-cache" : s.missed ? "the step before it was rebuilt"
                    : cache.explainMiss(key));
            s.missed = true;
            Step.Outcome o = step.work().run();
            ImageConfig.History h = !step.history() ? null : new ImageConfig.History(b.created(), step.text(), null,
                    null, o.layer() == null ? Boolean.TRUE : null);
            entry = new CacheEntry(key.digest().hex(), s.key.hex(), step.text(), step.inputs(),
                    o.layer() == null ? null : o.layer().descriptor(), o.layer() == null ? null : o.layer().diffId(),
                    o.config(), h);
            if (o.layer() != null) {
                LayerIndex.write(b.treeIndex(o.layer().diffId()), o.layer().changes());
            }
            cache.put(key, entry);
            b.progress.done(key.digest().shortHex());
        }
        if (entry.hasLayer()) {
            s.addLayer(entry.layer(), entry.diffId());
        }
        s.config = entry.config();
        if (entry.history() != null) {
            s.history.add(entry.history());
        }
        if (i instanceof Instruction.Maintainer m) {
            s.author = m.maintainer();
        }
        s.key = key.digest();
    }

    private Step prepare(StageState s, Instruction i) {
        if (i instanceof Instruction.Copy || i instanceof Instruction.Add) {
            return CopyStep.prepare(b, s, i);
        }
        if (i instanceof Instruction.Run r) {
            return RunStep.prepare(b, s, r);
        }
        if (i instanceof Instruction.Workdir w) {
            return WorkdirStep.prepare(b, s, w);
        }
        return MetadataStep.prepare(b, s, i);
    }
}
