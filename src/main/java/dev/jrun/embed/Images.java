package dev.jrun.embed;

import dev.jrun.JrunException;
import dev.jrun.api.BuildKernel;
import dev.jrun.archive.ArchiveLoader;
import dev.jrun.build.BuildOptions;
import dev.jrun.build.BuildProgress;
import dev.jrun.build.Builder;
import dev.jrun.build.ContainerStepExecutor;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Platform;
import dev.jrun.registry.Progress;
import dev.jrun.registry.Puller;
import dev.jrun.registry.RegistryOptions;
import dev.jrun.store.ContainerRefs;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The images of a {@link Jrun} store: load archives, pull from registries, build from Dockerfiles, list and
 * remove. Images are named as docker names them ({@code busybox}, {@code busybox:latest},
 * {@code registry:5000/app:1}) or by id.
 */
public final class Images {
    private final dev.jrun.api.Jrun engine;

    Images(dev.jrun.api.Jrun engine) {
        this.engine = engine;
    }

    private ImageStore store() {
        return engine.images();
    }

    /** Loads a docker-archive or OCI archive ({@code docker save} output); returns the names (or ids) loaded. */
    public List<String> load(Path archive) {
        if (!Files.isRegularFile(archive)) {
            throw new JrunException("load image archive " + archive + ": no such file");
        }
        try (InputStream in = Files.newInputStream(archive)) {
            List<String> names = new ArrayList<>();
            for (Image img : new ArchiveLoader(store()).load(in, archive.toString())) {
                if (img.tags().isEmpty()) {
                    names.add(img.id().toString());
                }
                img.tags().forEach(t -> names.add(t.familiar()));
            }
            return names;
        } catch (IOException e) {
            throw new JrunException("load image archive " + archive + ": " + e.getMessage(), e);
        }
    }

    /** Pulls reference from its registry (credentials as {@code jrun login} stored them); returns the image id. */
    public String pull(String reference) {
        return pulled(reference, null).id().toString();
    }

    private Image pulled(String reference, Platform platform) {
        return new Puller(store(), RegistryOptions.defaults()).pull(ImageReference.parse(reference), platform,
                Progress.quiet());
    }

    /** Builds an image from a Dockerfile; returns its id. Base images missing from the store are pulled. */
    public String build(BuildSpec spec) {
        if (!Files.isDirectory(spec.context())) {
            throw new JrunException("build context " + spec.context() + " is not a directory");
        }
        List<ImageReference> tags = new ArrayList<>();
        spec.tags().forEach(t -> tags.add(ImageReference.parse(t)));
        BuildOptions o = new BuildOptions(spec.context(), spec.dockerfile(), tags, spec.buildArgs(), spec.target(),
                spec.noCache(), false, Map.of(), null, "default", null, false);
        try (PrintStream progress = LineOutput.to(spec.progress())) {
            Builder builder = new Builder(store(), new BuildProgress(progress, BuildProgress.Mode.PLAIN),
                    new ContainerStepExecutor(new BuildKernel(store()), store().blobs()), this::pulled);
            return builder.build(o).id().toString();
        }
    }

    /** True if the store has an image of that name or id. */
    public boolean exists(String nameOrId) {
        return store().find(nameOrId).isPresent();
    }

    /** The images in the store. */
    public List<ImageInfo> list() {
        List<ImageInfo> out = new ArrayList<>();
        for (Image img : store().list()) {
            List<String> tags = new ArrayList<>();
            img.tags().forEach(t -> tags.add(t.familiar()));
            out.add(new ImageInfo(img.id().toString(), tags, img.size(), img.config().created()));
        }
        return out;
    }

    /**
     * Removes an image name; the image itself goes with its last name (and the layers nothing else uses).
     * Refused while a container uses the image.
     */
    public void remove(String nameOrId) {
        Image img = store().resolve(nameOrId);
        ImageReference byTag = img.tags().stream().filter(t -> t.familiar().equals(familiar(nameOrId)))
                .findFirst().orElse(null);
        if (byTag != null && img.tags().size() > 1) {
            store().untag(byTag);
            return;
        }
        if (ContainerRefs.imageIds(store().paths()).contains(img.id().toString())) {
            throw new JrunException("remove image " + nameOrId + ": a container uses it; close the container first");
        }
        store().remove(img);
        store().gc();
    }

    private static String familiar(String name) {
        try {
            return ImageReference.parse(name).familiar();
        } catch (JrunException e) {
            return name;
        }
    }
}
