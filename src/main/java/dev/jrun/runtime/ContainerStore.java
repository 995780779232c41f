package dev.jrun.runtime;

import dev.jrun.JrunException;
import dev.jrun.PlainFiles;
import dev.jrun.image.Json;
import dev.jrun.store.AtomicFiles;
import dev.jrun.store.FileTrees;
import dev.jrun.store.StoreLock;
import dev.jrun.store.StorePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Containers on disk: {@code containers/<id>/} with config.json (fixed), state.json (last known
 * state), and the writable layer {@code upper/} + {@code work/}. Names are claimed under a lock so two
 * creates cannot take the same one; each container has its own lock for lifecycle changes.
 */
public final class ContainerStore {
    private final StorePaths paths;

    public ContainerStore(StorePaths paths) {
        this.paths = paths;
    }

    public StorePaths paths() {
        return paths;
    }

    /**
     * 64 random hex digits, as docker's ids. Read from the kernel's CSPRNG directly: SecureRandom's first
     * use (security providers) costs ~10 ms of every container start.
     */
    public static String newId() {
        byte[] b = new byte[32];
        try (java.io.InputStream in = new java.io.FileInputStream("/dev/urandom")) { // java.io: see PlainFiles
            if (in.readNBytes(b, 0, b.length) != b.length) {
                throw new IOException("short read");
            }
        } catch (IOException e) {
            new java.security.SecureRandom().nextBytes(b); // a system without /dev/urandom
        }
        return HexFormat.of().formatHex(b);
    }

    /**
     * Creates the container's directory and records. {@code name} may be null: a docker-style name is
     * generated. A name already in use is refused, naming the container that has it.
     */
    public Container create(ContainerRecord draft) {
        try (StoreLock l = StoreLock.exclusive(lockFile())) {
            List<Container> all = list();
            Set<String> names = new HashSet<>();
            Container other = null;
            for (Container c : all) {
                names.add(c.name());
                if (c.name().equals(draft.name())) {
                    other = c;
                }
            }
            String name = draft.name();
            if (name == null || name.isEmpty()) {
                name = NameGenerator.generate(names);
            } else if (other != null) {
                throw new JrunException("Conflict. The container name \"/" + name + "\" is already in use by container \""
                        + other.id() + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
            ContainerRecord r = draft.withName(name);
            Path dir = paths.container(r.id());
            // one mkdir each (the containers dir exists: lockFile made it): createDirectories first fails on
            // the missing parent, with an exception, and then walks up. A directory already there (an id
            // given twice) is refused, and left alone
            try {
                PlainFiles.mkdir(dir);
            } catch (IOException e) {
                throw new JrunException("create container " + r.id() + " in " + dir + ": " + e.getMessage(), e);
            }
            try {
                PlainFiles.mkdir(paths.containerUpper(r.id()));
                PlainFiles.mkdir(paths.containerWork(r.id()));
                AtomicFiles.writeVolatile(paths.containerState(r.id()), Json.bytes(ContainerState.created()));
                // config.json last: a directory without it is an unfinished create, which list() skips.
                // A --rm container's is not fsynced (1-5 ms of every run here): it is never meant to outlive
                // its run, and a power loss that leaves its config.json empty leaves an unfinished create
                if (r.autoRemove()) {
                    AtomicFiles.writeVolatile(paths.containerConfig(r.id()), Json.bytes(r));
                } else {
                    AtomicFiles.write(paths.containerConfig(r.id()), Json.bytes(r));
                }
            } catch (IOException e) {
                FileTrees.delete(dir);
                throw new JrunException("create container " + r.id() + " in " + dir + ": " + e.getMessage(), e);
            }
            return new Container(r, ContainerState.created());
        }
    }

    private Path lockFile() {
        try {
            if (!Files.isDirectory(paths.containers())) { // else createDirectories fails a mkdir, with an exception
                Files.createDirectories(paths.containers());
            }
        } catch (IOException e) {
            throw new JrunException("create " + paths.containers() + ": " + e.getMessage(), e);
        }
        return paths.containersLock();
    }

    public List<Container> list() {
        List<Container> out = new ArrayList<>();
        // File.list rather than Files.list: a stream and its lambdas cost ~8 ms of a cold start
        String[] ids = paths.containers().toFile().list();
        if (ids == null && Files.isDirectory(paths.containers())) {
            // made just now by the first create (it was missing at the list): list it again
            ids = paths.containers().toFile().list();
            if (ids == null) {
                throw new JrunException("list " + paths.containers() + ": cannot read the directory");
            }
        }
        if (ids == null) {
            return out;
        }
        for (String id : ids) {
            if (ContainerRecord.isId(id)) {
                Container c = read(id);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        out.sort(NEWEST_FIRST);
        return out;
    }

    /** Newest first, as docker ps lists them (a class, not a lambda: see list). */
    private static final java.util.Comparator<Container> NEWEST_FIRST = new java.util.Comparator<>() {
        @Override
        public int compare(Container a, Container b) {
            return String.valueOf(b.record().created()).compareTo(String.valueOf(a.record().created()));
        }
    };

    /**
     * The container's records, or null when config.json is missing or empty (an unfinished create, a removal
     * in progress, or a --rm container's unsynced record after a power loss). A state.json that cannot be read (it is written without fsync: a power loss may leave
     * it empty) reads as exited with jrun's error code, the state lost.
     */
    private Container read(String id) {
        ContainerRecord r;
        try {
            byte[] config = PlainFiles.read(paths.containerConfig(id));
            if (config.length == 0) {
                return null;
            }
            r = Json.read(config, ContainerRecord.class, "container config " + id);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new JrunException("read container " + id + ": " + e.getMessage(), e);
        }
        ContainerState s;
        try {
            s = Json.read(PlainFiles.read(paths.containerState(id)), ContainerState.class, "container state " + id);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | JrunException e) {
            s = ContainerState.created().failed("state lost: " + e.getMessage(), null);
        }
        return new Container(r, s);
    }

    /** By exact name, exact id, or unique id prefix, as docker resolves them. */
    public Container resolve(String nameOrId) {
        String key = nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId;
        List<Container> all = list();
        for (Container c : all) {
            if (c.id().equals(key) || c.name().equals(key)) {
                return c;
            }
        }
        List<Container> prefix = new ArrayList<>();
        for (Container c : all) {
            if (!key.isEmpty() && c.id().startsWith(key)) {
                prefix.add(c);
            }
        }
        if (prefix.size() > 1) {
            throw new JrunException("multiple containers match the id prefix " + nameOrId + ": give more characters");
        }
        if (prefix.isEmpty()) {
            throw new NoSuchContainerException(nameOrId);
        }
        return prefix.get(0);
    }

    /** The per-container lock: every lifecycle change of one container happens under it. */
    public StoreLock lock(String id) {
        return StoreLock.exclusive(paths.containerLock(id));
    }

    public void saveState(String id, ContainerState state) {
        try {
            AtomicFiles.writeVolatile(paths.containerState(id), Json.bytes(state));
        } catch (IOException e) {
            throw new JrunException("write state of container " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes what a create killed before its end left: a container directory without config.json (the
     * create writes it last), or with an empty one (a --rm container's, unsynced, after a power loss). The containers' lock keeps creates out meanwhile, and each directory's own
     * lock waits for a removal in progress (which also deletes config.json first). A directory with
     * anything mounted under it is left alone: deleting through a mount would reach into it. Returns how
     * many were removed.
     */
    public int sweepUnfinished() {
        List<String> candidates = unfinishedIds();
        if (candidates.isEmpty()) {
            return 0;
        }
        int n = 0;
        try (StoreLock all = StoreLock.exclusive(lockFile())) {
            List<MountInfo> mounts = MountInfo.parse(readMountInfo());
            for (String id : candidates) {
                Path dir = paths.container(id);
                if (hasMountUnder(mounts, dir.toString())) {
                    continue;
                }
                try (StoreLock one = lock(id)) {
                    if (Files.isDirectory(dir) && !hasConfig(id)) {
                        FileTrees.delete(dir);
                        n++;
                    }
                } catch (JrunException e) {
                    // removed meanwhile (its lock file went with it), or not removable now: a later sweep
                }
            }
        }
        return n;
    }

    private List<String> unfinishedIds() {
        List<String> out = new ArrayList<>();
        String[] ids = paths.containers().toFile().list();
        if (ids != null) {
            for (String id : ids) {
                if (ContainerRecord.isId(id) && !hasConfig(id)) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    /** config.json is there and not empty (see {@link #read}); a file that cannot be looked at counts as there. */
    private boolean hasConfig(String id) {
        try {
            return Files.size(paths.containerConfig(id)) > 0;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean hasMountUnder(List<MountInfo> mounts, String dir) {
        for (MountInfo m : mounts) {
            if (m.mountPoint().equals(dir) || m.mountPoint().startsWith(dir + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String readMountInfo() {
        try {
            return PlainFiles.readString(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            throw new JrunException("read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    /** Deletes the container's directory: config first, so a half-deleted container is never listed. */
    public void delete(String id) {
        try {
            Files.deleteIfExists(paths.containerConfig(id));
        } catch (IOException e) {
            throw new JrunException("remove container " + id + ": " + e.getMessage(), e);
        }
        FileTrees.delete(paths.container(id));
    }
}
