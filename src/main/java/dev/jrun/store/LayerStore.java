package dev.jrun.store;

import dev.jrun.JrunException;
import dev.jrun.image.ChainId;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.layer.FileSystemOps;
import dev.jrun.layer.LayerUnpacker;
import dev.jrun.layer.UnpackOptions;
import dev.jrun.layer.UnpackResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Unpacked layers: {@code layers/<chainID>/}, each unpacked once (under a lock, into a temp dir that is
 * renamed when complete, so a directory that exists is whole) and then shared read-only by every image
 * and container stacked on it. Overlay whiteouts and opaque markers are written as the overlay driver
 * reads them.
 */
public final class LayerStore {
    private final StorePaths paths;
    private final BlobStore blobs;
    private final FileSystemOps ops;

    public LayerStore(StorePaths paths, FileSystemOps ops) {
        this.paths = paths;
        this.blobs = new BlobStore(paths);
        this.ops = ops;
    }

    /** The unpacked layer dirs of an image, base first; unpacks the ones missing. */
    public List<Path> ensure(Image img) {
        List<Digest> diffIds = img.config().diffIds();
        List<Digest> chain = ChainId.of(diffIds);
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            dirs.add(ensureOne(chain.get(i), diffIds.get(i), img.manifest().layers().get(i)));
        }
        return dirs;
    }

    /** The dirs of already unpacked layers by chain id, base first (for containers that record theirs). */
    public List<Path> dirs(List<Digest> chainIds) {
        List<Path> dirs = new ArrayList<>();
        for (Digest c : chainIds) {
            Path d = paths.layer(c);
            if (!Files.isDirectory(d)) {
                throw new JrunException("layer " + c + " is not unpacked in " + paths.layers()
                        + "; the image it belongs to may have been removed");
            }
            dirs.add(d);
        }
        return dirs;
    }

    private Path ensureOne(Digest chainId, Digest diffId, Descriptor blob) {
        Path dir = paths.layer(chainId);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(paths.layers());
        } catch (IOException e) {
            throw new JrunException("create " + paths.layers() + ": " + e.getMessage(), e);
        }
        try (StoreLock l = StoreLock.exclusive(lockFile(paths))) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            FileTrees.deleteQuietly(dir);
            UnpackOptions opts = UnpackOptions.overlay(ops.privileged()).withExpectedDigest(blob.digest().toString());
            UnpackResult r;
            try (InputStream in = blobs.open(blob.digest())) {
                r = new LayerUnpacker(ops).unpackAtomically(in, dir, opts);
            } catch (IOException e) {
                throw new JrunException("read layer " + blob.digest() + ": " + e.getMessage(), e);
            }
            if (!diffId.toString().equals(r.diffId())) {
                FileTrees.deleteQuietly(dir);
                throw new JrunException("layer " + blob.digest() + " unpacks to diff id " + r.diffId()
                        + " but the image config says " + diffId);
            }
            return dir;
        }
    }

    /** The names of the files every container gets bound over its image's (EtcFiles): their mount points. */
    static final List<String> INIT_FILES = List.of("hostname", "hosts", "resolv.conf");

    /**
     * The init layer over the layer stack whose top is topChainId (docker's "&lt;id&gt;-init" layer): a
     * read-only lowerdir above the image's layers holding empty /etc/hostname, /etc/hosts and
     * /etc/resolv.conf, the mount points of the files each container gets bound there. Without it every
     * container made them in its own writable layer, where `diff` and `commit` then found them (docker shows
     * and commits nothing of them), and each run paid for the copy-up of /etc and three file creations.
     *
     * <p>Made once per stack, the first time a container of it is mounted (under the layers' lock, in a temp
     * dir renamed whole), and pruned with its layer. It copies the image's /etc directory's mode, owner and
     * time, which the overlay shows from the topmost layer that has the directory. A file the image has as
     * something else than a regular file (a link, as some images make resolv.conf) is left out, and so is
     * /etc altogether when the image's is not a directory: the launcher then makes the mount point in the
     * container's layer, through the link, as before.
     *
     * @param lowersTopFirst the stack's layer dirs, top first
     */
    public Path initLayer(Digest topChainId, List<Path> lowersTopFirst) {
        Path dir = initLayerDir(paths, topChainId);
        if (new java.io.File(dir.toString()).isDirectory()) {
            return dir; // one stat on every run but the first
        }
        try (StoreLock l = StoreLock.exclusive(lockFile(paths))) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + Pids.self());
            FileTrees.delete(tmp);
            Files.createDirectory(tmp);
            Path etc = visible(lowersTopFirst, "etc");
            if (etc == null || Files.isDirectory(etc, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Path initEtc = Files.createDirectory(tmp.resolve("etc"));
                for (String f : INIT_FILES) {
                    Path inImage = visible(lowersTopFirst, "etc/" + f);
                    if (inImage == null || Files.isRegularFile(inImage, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Path file = Files.createFile(initEtc.resolve(f));
                        Files.setAttribute(file, "unix:mode", 0644);
                    }
                }
                if (etc != null) {
                    for (String a : List.of("unix:mode", "unix:uid", "unix:gid", "lastModifiedTime")) {
                        Files.setAttribute(initEtc, a, Files.getAttribute(etc, a, java.nio.file.LinkOption.NOFOLLOW_LINKS));
                    }
                } else {
                    Files.setAttribute(initEtc, "unix:mode", 0755);
                }
            }
            Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException e) {
            throw new JrunException("make the init layer " + dir + ": " + e.getMessage(), e);
        }
    }

    /** layers/&lt;chainID&gt;-init. */
    static Path initLayerDir(StorePaths paths, Digest topChainId) {
        return paths.layers().resolve(topChainId.hex() + "-init");
    }

    /**
     * What the merged stack shows at rel: the topmost layer's entry there, null where there is none or a
     * whiteout (an overlay whiteout is a 0:0 character device) hides it. Opaque directories are not
     * consulted: an entry they hide is taken as there, which at worst leaves a file out of the init layer.
     */
    private static Path visible(List<Path> lowersTopFirst, String rel) {
        for (Path layer : lowersTopFirst) {
            Path p = layer.resolve(rel);
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return isWhiteout(p) ? null : p;
            }
        }
        return null;
    }

    /** Whether p is an overlay whiteout (a 0:0 character device); false when it cannot be looked at. */
    private static boolean isWhiteout(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return (mode & 0170000) == 0020000
                    && (Long) Files.getAttribute(p, "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** One lock for unpacking and pruning, so prune never removes a layer being unpacked. */
    private static Path lockFile(StorePaths paths) {
        return paths.layers().resolve(".lock");
    }

    /** Deletes unpacked layers whose chain id is not in {@code keep}; returns how many went. */
    public static int prune(StorePaths paths, Set<Digest> keep) {
        if (!Files.isDirectory(paths.layers())) {
            return 0;
        }
        int removed = 0;
        try (StoreLock l = StoreLock.exclusive(lockFile(paths)); Stream<Path> s = Files.list(paths.layers())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                boolean complete = name.matches("[0-9a-f]{64}(-init)?");
                boolean staleTemp = name.matches("[0-9a-f]{64}(-init)?\\.tmp-.*");
                if ((complete && !keep.contains(Digest.parse("sha256:" + name.substring(0, 64)))) || staleTemp) {
                    FileTrees.delete(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new JrunException("list " + paths.layers() + ": " + e.getMessage(), e);
        }
        return removed;
    }
}
