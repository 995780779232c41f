package dev.jrun.store;

import dev.jrun.image.Digest;
import java.nio.file.Path;

/** All on-disk path math of the store (default /var/lib/jrun); nothing else builds store paths. */
public record StorePaths(Path root) {
    public StorePaths {
        root = root.toAbsolutePath().normalize();
    }

    public Path ociLayout() {
        return root.resolve("oci-layout");
    }

    public Path index() {
        return root.resolve("index.json");
    }

    public Path blobs() {
        return root.resolve("blobs");
    }

    public Path blob(Digest d) {
        return blobs().resolve(d.algorithm()).resolve(d.hex());
    }

    /** Temp files live in the store's filesystem so that finished ones can be renamed into place. */
    public Path tmp() {
        return root.resolve("tmp");
    }

    /** Held exclusively while index.json (tags) is read-modify-written. */
    public Path metadataLock() {
        return root.resolve("lock");
    }

    /** Held shared by anything writing blobs it has not yet referenced, exclusively by garbage collection. */
    public Path gcLock() {
        return root.resolve("gc.lock");
    }

    public Path layers() {
        return root.resolve("layers");
    }

    public Path layer(Digest chainId) {
        return layers().resolve(chainId.hex());
    }

    public Path containers() {
        return root.resolve("containers");
    }

    /**
     * {root, id, path} of the last container asked for: a command asks for one container's files again and
     * again, and resolving its 64-char id checks it char by char, tens of microseconds each time in the
     * interpreter (run's JVM is -Xint).
     */
    private static volatile Object[] lastContainer;

    public Path container(String id) {
        Object[] last = lastContainer;
        if (last != null && last[1].equals(id) && (last[0] == root || last[0].equals(root))) {
            return (Path) last[2];
        }
        Path p = containers().resolve(id);
        lastContainer = new Object[] {root, id, p};
        return p;
    }

    /** The file a container's record is kept in; images it uses are protected from rmi. */
    public Path containerConfig(String id) {
        return container(id).resolve("config.json");
    }

    public Path containerState(String id) {
        return container(id).resolve("state.json");
    }

    /** The writable layer of a container: overlay upperdir and workdir. */
    public Path containerUpper(String id) {
        return container(id).resolve("upper");
    }

    public Path containerWork(String id) {
        return container(id).resolve("work");
    }

    /** Where the container's overlay rootfs is mounted while it is in use. */
    public Path containerRootfs(String id) {
        return container(id).resolve("rootfs");
    }

    public Path containerLock(String id) {
        return container(id).resolve("lock");
    }

    /** Held while container names are checked and claimed, so two creates cannot take one name. */
    public Path containersLock() {
        return root.resolve("containers.lock");
    }

    /** The shared monitor of detached containers: its unix socket, held lock, spawn lock and stderr. */
    public Path monitorSocket() {
        return containers().resolve("monitor.sock");
    }

    public Path monitorLock() {
        return containers().resolve("monitor.lock");
    }

    public Path monitorSpawnLock() {
        return containers().resolve("monitor-spawn.lock");
    }

    public Path monitorErrors() {
        return containers().resolve("monitor.err");
    }

    public Path buildCache() {
        return root.resolve("buildcache");
    }

    /** The builder's listing of a layer's changes by diffID (derived data; builder prune removes it). */
    public Path buildTree(Digest diffId) {
        return buildCache().resolve("trees").resolve(diffId.hex());
    }

    /** Registry bookkeeping (where blobs came from, for cross-repository mounts on push). */
    public Path registry() {
        return root.resolve("registry");
    }
}
