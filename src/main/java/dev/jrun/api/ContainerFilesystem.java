package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.image.ChainId;
import dev.jrun.image.Digest;
import dev.jrun.layer.Change;
import dev.jrun.layer.FileSystemOps;
import dev.jrun.layer.UpperDiff;
import dev.jrun.linux.HostProbe;
import dev.jrun.linux.OverlayMounter;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.MountInfo;
import dev.jrun.store.LayerStore;
import dev.jrun.store.StorePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A container's root filesystem: the image's unpacked layers as overlay lowerdirs (top first), under their
 * init layer (LayerStore.initLayer) and the container's own writable upper/ and work/, mounted at
 * containers/&lt;id&gt;/rootfs. The layers are never
 * written; every container starts from a clean upper.
 */
public final class ContainerFilesystem {
    private final StorePaths paths;
    private final LayerStore layers;
    private final FileSystemOps ops;
    private final OverlayMounter mounter = new OverlayMounter();

    ContainerFilesystem(StorePaths paths, LayerStore layers, FileSystemOps ops) {
        this.paths = paths;
        this.layers = layers;
        this.ops = ops;
    }

    /** The container's lower layer dirs, top first, as overlayfs wants them. */
    public List<Path> lowersTopFirst(Container c) {
        List<Digest> chain = new ArrayList<>();
        for (String s : c.record().layers()) {
            chain.add(Digest.parse(s));
        }
        List<Path> dirs = new ArrayList<>(layers.dirs(chain));
        Collections.reverse(dirs);
        return dirs;
    }

    /** The overlay's lowerdirs, top first: the init layer (made if missing), then the image's layers. */
    public List<Path> mountedLowersTopFirst(Container c) {
        return withInitLayer(c, lowersTopFirst(c));
    }

    private List<Path> withInitLayer(Container c, List<Path> lowers) {
        // the init layer goes above the image's: the mount points of the /etc files every container gets
        List<String> chain = c.record().layers();
        List<Path> stack = new ArrayList<>(lowers.size() + 1);
        stack.add(layers.initLayer(Digest.parse(chain.get(chain.size() - 1)), lowers));
        stack.addAll(lowers);
        return stack;
    }

    public Path rootfs(Container c) {
        return paths.containerRootfs(c.id());
    }

    public boolean isMounted(Container c) {
        String target = rootfs(c).toString();
        for (MountInfo m : HostProbe.mounts()) {
            if (m.mountPoint().equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** Mounts the overlay (if it is not mounted already) and returns where. */
    public Path mount(Container c) {
        Path target = rootfs(c);
        // a new container has no rootfs dir yet, so nothing can be mounted there: mountinfo is read (and
        // parsed, ~3 ms of a cold run) only for a container that was mounted before
        if (Files.isDirectory(target) && isMounted(c)) {
            return target;
        }
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new JrunException("create " + target + ": " + e.getMessage(), e);
        }
        List<Path> lowers = lowersTopFirst(c);
        if (lowers.isEmpty()) {
            throw new JrunException("container " + c.name() + " has no layers to mount (image built FROM scratch "
                    + "with no content)");
        }
        List<Path> stack = withInitLayer(c, lowers);
        // a --rm container's upper dir is deleted with it: no sync at unmount (OverlayMounter)
        mounter.mount(stack, paths.containerUpper(c.id()), paths.containerWork(c.id()), target,
                c.record().autoRemove());
        return target;
    }

    /** Unmounts the container's rootfs if it is mounted (a plain umount, which says so: no mountinfo read). */
    public void unmount(Container c) {
        mounter.unmountIfMounted(rootfs(c));
    }

    /** docker diff: what the container added, changed and deleted relative to its image. */
    public List<Change> diff(Container c) {
        return new UpperDiff(ops).changes(paths.containerUpper(c.id()), lowersTopFirst(c));
    }

    /** The image's chain ids, as a container records them. */
    static List<String> chainIds(List<Digest> diffIds) {
        List<String> out = new ArrayList<>();
        for (Digest d : ChainId.of(diffIds)) {
            out.add(d.toString());
        }
        return out;
    }
}
