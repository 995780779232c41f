package dev.jrun.api;

import dev.jrun.linux.LinuxFileSystemOps;
import dev.jrun.runtime.ContainerStore;
import dev.jrun.store.ImageStore;
import dev.jrun.store.LayerStore;
import dev.jrun.store.StorePaths;
import java.nio.file.Path;

/**
 * The engine over one store: images, unpacked layers and containers. This is where the Linux
 * implementations are wired in; the CLI and Java callers both start here.
 */
public final class Jrun {
    private final ImageStore images;
    private final ContainerStore containers;
    private LinuxFileSystemOps ops;
    private LayerStore layers;

    private Jrun(Path root) {
        this.images = ImageStore.open(root);
        this.containers = new ContainerStore(images.paths());
        dev.jrun.Timing.mark("stores opened");
    }

    /** The store at root (created if missing). */
    public static Jrun withRoot(Path root) {
        return new Jrun(root);
    }

    public StorePaths paths() {
        return images.paths();
    }

    public ImageStore images() {
        return images;
    }

    public ContainerStore containers() {
        return containers;
    }

    /** The native file operations (binding them costs ~70 ms, so only commands that need them pay). */
    private synchronized LinuxFileSystemOps ops() {
        if (ops == null) {
            ops = new LinuxFileSystemOps();
        }
        return ops;
    }

    public synchronized LayerStore layers() {
        if (layers == null) {
            layers = new LayerStore(images.paths(), ops());
        }
        return layers;
    }

    public ContainerFilesystem filesystem() {
        return new ContainerFilesystem(images.paths(), layers(), ops());
    }

    public ContainerCommitter committer() {
        return new ContainerCommitter(images, ops());
    }

    public Reconciler reconciler() {
        return new Reconciler(this);
    }

    public ContainerRunner runner() {
        return new ContainerRunner(this);
    }

    public ExecRunner exec() {
        return new ExecRunner(this);
    }

    public Detacher detacher() {
        return new Detacher(this);
    }

    public Monitor monitor() {
        return new Monitor(this);
    }

    public Lifecycle lifecycle() {
        return new Lifecycle(this);
    }

    public ContainerFactory factory() {
        return new ContainerFactory(this);
    }
}
