package dev.jrun.linux;

import dev.jrun.JrunException;
import dev.jrun.runtime.spec.Linux;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A container's cgroups under {@code <hierarchy>/jrun/<id>}, with plain file writes: v1 writes
 * memory.limit_in_bytes, cpu.cfs_quota_us, pids.max per controller hierarchy; v2 memory.max,
 * cpu.max, pids.max after enabling the controllers in the parents' cgroup.subtree_control. On
 * hybrid hosts the limits go to v1 and the process is also placed in the unified hierarchy.
 */
public final class CgroupFs {
    /**
     * The file of a v1 cgroup a process joins by writing "0" to it: tasks, which moves the writing thread
     * alone, not cgroup.procs, which moves its whole thread group. The joining process (the launcher's
     * child, before its exec) is single-threaded, so both move the same; but a cgroup.procs write takes the
     * kernel's cgroup_threadgroup_rwsem for writing, whose writer first waits for an RCU grace period unless
     * another left it just before (5-16 ms here, measured 7.9 ms median against 0.09 ms for tasks), and a
     * write of "0" to tasks needs no such lock (cgroup_procs_write_start: only a thread other than the
     * writer must be kept from exiting).
     */
    static final String V1_JOIN_FILE = "tasks";

    /** The v1 controllers a container joins (those jrun can limit). */
    static final List<String> V1_JOINED = List.of("memory", "cpu", "pids");
    private final CgroupLayout layout;
    private final String parent;
    private final List<String> joined;

    /** A created cgroup: the v1 directories (join by writing to cgroup.procs) and the v2 one (CLONE_INTO_CGROUP). */
    public record Cgroup(String id, List<Path> v1Dirs, Path v2Dir) {
        public Cgroup {
            v1Dirs = List.copyOf(v1Dirs);
        }
    }

    public CgroupFs(CgroupLayout layout) {
        this(layout, "jrun");
    }

    public CgroupFs(CgroupLayout layout, String parent) {
        this(layout, parent, V1_JOINED);
    }

    /** @param v1Controllers the v1 hierarchies a container joins (those not mounted are skipped) */
    public CgroupFs(CgroupLayout layout, String parent, List<String> v1Controllers) {
        this.layout = layout;
        this.parent = parent;
        this.joined = List.copyOf(v1Controllers);
    }

    public CgroupLayout layout() {
        return layout;
    }

    /** The v1 directories {@link #create} makes for id, in its order (before they exist). */
    public List<Path> v1DirsOf(String id) {
        Set<Path> v1 = new LinkedHashSet<>();
        for (String c : joined) {
            Path mount = layout.v1().get(c);
            if (mount != null) {
                v1.add(mount.resolve(parent).resolve(id));
            }
        }
        return new ArrayList<>(v1);
    }

    /** Creates the cgroup and writes the limits; on failure removes what it made. */
    public Cgroup create(String id, Linux.Resources resources) {
        Linux.Resources r = resources == null ? new Linux.Resources(null, null, null) : resources;
        Set<Path> v1 = new LinkedHashSet<>();
        Path v2 = null;
        Cgroup made = null;
        try {
            for (String c : joined) {
                Path mount = layout.v1().get(c);
                if (mount != null && v1.add(mount.resolve(parent).resolve(id))) {
                    Files.createDirectories(mount.resolve(parent).resolve(id));
                }
            }
            if (layout.unified() != null) {
                Path jrun = layout.unified().resolve(parent);
                Files.createDirectories(jrun);
                if (layout.kind() == CgroupLayout.Kind.V2) {
                    enableControllers(layout.unified(), jrun, r);
                }
                v2 = Files.createDirectories(jrun.resolve(id));
            }
            made = new Cgroup(id, new ArrayList<>(v1), v2);
            if (layout.kind() == CgroupLayout.Kind.V2) {
                writeV2(v2, r);
            } else {
                writeV1(r, id);
            }
            return made;
        } catch (IOException | RuntimeException e) {
            remove(made != null ? made : new Cgroup(id, new ArrayList<>(v1), v2));
            if (e instanceof JrunException je) {
                throw je;
            }
            throw new JrunException("create cgroup " + parent + "/" + id + ": " + e.getMessage(), e);
        }
    }

    private void writeV1(Linux.Resources r, String id) throws IOException {
        if (r.memory() != null && r.memory().limit() != null) {
            Path d = v1Dir("memory", id, "--memory");
            long limit = r.memory().limit();
            write(d.resolve("memory.limit_in_bytes"), String.valueOf(limit));
            Long swap = r.memory().swap();
            Path memsw = d.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw) && (swap == null || swap != -1)) {
                write(memsw, String.valueOf(swap == null ? 2 * limit : swap));
            }
        }
        if (r.cpu() != null) {
            Path d = v1Dir("cpu", id, "--cpus");
            if (r.cpu().quota() != null) {
                write(d.resolve("cpu.cfs_period_us"), String.valueOf(r.cpu().period() == null ? 100_000 : r.cpu().period()));
                write(d.resolve("cpu.cfs_quota_us"), String.valueOf(r.cpu().quota()));
            }
            if (r.cpu().shares() != null) {
                write(d.resolve("cpu.shares"), String.valueOf(r.cpu().shares()));
            }
        }
        if (r.pids() != null) {
            write(v1Dir("pids", id, "--pids-limit").resolve("pids.max"), String.valueOf(r.pids().limit()));
        }
    }

    private Path v1Dir(String controller, String id, String flag) {
        Path mount = layout.v1().get(controller);
        if (mount == null) {
            throw new JrunException(flag + " needs the " + controller + " cgroup controller, which is not mounted");
        }
        return mount.resolve(parent).resolve(id);
    }

    private static void enableControllers(Path root, Path jrun, Linux.Resources r) throws IOException {
        Set<String> want = new LinkedHashSet<>();
        if (r.memory() != null) {
            want.add("memory");
        }
        if (r.cpu() != null) {
            want.add("cpu");
        }
        if (r.pids() != null) {
            want.add("pids");
        }
        if (want.isEmpty()) {
            return;
        }
        Set<String> available = Set.of(Files.readString(root.resolve("cgroup.controllers")).trim().split("\\s+"));
        for (String c : want) {
            if (!available.contains(c)) {
                throw new JrunException("the " + c + " cgroup v2 controller is not available in " + root
                        + " (cgroup.controllers lists: " + String.join(" ", available) + ")");
            }
        }
        // every level from the root down to the container's parent: a controller reaches a cgroup only if
        // each ancestor delegates it (a deep cgroupsPath such as kubepods/burstable/pod1/ctr included)
        String line = "+" + String.join(" +", want);
        Path dir = root;
        write(dir.resolve("cgroup.subtree_control"), line);
        for (Path part : root.relativize(jrun)) {
            dir = dir.resolve(part);
            write(dir.resolve("cgroup.subtree_control"), line);
        }
    }

    private static void writeV2(Path d, Linux.Resources r) throws IOException {
        if (r.memory() != null && r.memory().limit() != null) {
            long limit = r.memory().limit();
            write(d.resolve("memory.max"), String.valueOf(limit));
            Long swap = r.memory().swap();
            write(d.resolve("memory.swap.max"), swap == null ? String.valueOf(limit)
                    : swap == -1 ? "max" : String.valueOf(swap - limit));
        }
        if (r.cpu() != null) {
            if (r.cpu().quota() != null) {
                write(d.resolve("cpu.max"), r.cpu().quota() + " " + (r.cpu().period() == null ? 100_000 : r.cpu().period()));
            }
            if (r.cpu().shares() != null) {
                long shares = Math.max(2, Math.min(262144, r.cpu().shares()));
                write(d.resolve("cpu.weight"), String.valueOf(1 + ((shares - 2) * 9999) / 262142));
            }
        }
        if (r.pids() != null) {
            write(d.resolve("pids.max"), String.valueOf(r.pids().limit()));
        }
    }

    private static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new JrunException("write \"" + value + "\" to " + file + ": " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
    }

    /** The cgroup a container with this id has (or had): for cleaning up after a jrun that was killed. */
    public Cgroup existing(String id) {
        Set<Path> v1 = new LinkedHashSet<>();
        for (String c : joined) {
            Path mount = layout.v1().get(c);
            if (mount != null && Files.isDirectory(mount.resolve(parent).resolve(id))) {
                v1.add(mount.resolve(parent).resolve(id));
            }
        }
        Path v2 = layout.unified() == null ? null : layout.unified().resolve(parent).resolve(id);
        return new Cgroup(id, new ArrayList<>(v1), v2 != null && Files.isDirectory(v2) ? v2 : null);
    }

    /** Every directory a container with this id may have, whether or not it exists (for {@link #remove}). */
    public Cgroup candidates(String id) {
        return new Cgroup(id, v1DirsOf(id), layout.unified() == null ? null : layout.unified().resolve(parent).resolve(id));
    }

    /**
     * Removes the cgroup directories (those missing are skipped). rmdir fails with EBUSY while exiting processes are still
     * counted, so it retries for up to a second; the error names the directory.
     */
    public void remove(Cgroup cg) {
        List<Path> dirs = new ArrayList<>(cg.v1Dirs());
        if (cg.v2Dir() != null) {
            dirs.add(cg.v2Dir());
        }
        List<String> failures = new ArrayList<>();
        for (Path d : dirs) {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (!d.toFile().delete()) {
                        Files.deleteIfExists(d); // java.io's delete is the cheaper call in a short JVM; this one says why it failed
                    }
                    break;
                } catch (NoSuchFileException e) {
                    break;
                } catch (IOException e) {
                    if (attempt >= 100) {
                        failures.add(d + ": " + reason(e));
                        break;
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        failures.add(d + ": interrupted");
                        break;
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new JrunException("remove cgroup " + parent + "/" + cg.id() + ": " + String.join("; ", failures));
        }
    }

    /**
     * Writes device access rules to the container's v1 devices cgroup, in order: each line is
     * "allow RULE" or "deny RULE" with RULE as devices.allow takes it ("a", "c 1:3 rwm").
     */
    public void writeDeviceRules(Cgroup cg, List<String> lines) {
        Path mount = layout.v1().get("devices");
        if (mount == null) {
            throw new JrunException("device rules need the v1 devices cgroup controller, which is not mounted"
                    + (layout.kind() == CgroupLayout.Kind.V2 ? " (cgroup v2 filters devices with eBPF, which jrun does not do)" : ""));
        }
        Path d = mount.resolve(parent).resolve(cg.id());
        // Each rule is one write(2) (the kernel takes one rule per write), through two files opened once:
        // an open and close per rule was 12 opens for runc's default rules. The order of the writes is kept.
        String rule = null;
        try (java.io.FileOutputStream allow = new java.io.FileOutputStream(d.resolve("devices.allow").toFile());
             java.io.FileOutputStream deny = new java.io.FileOutputStream(d.resolve("devices.deny").toFile())) {
            for (String l : lines) {
                int sp = l.indexOf(' ');
                rule = l;
                (l.substring(0, sp).equals("allow") ? allow : deny).write(l.substring(sp + 1).getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new JrunException("write device rules of cgroup " + d + (rule == null ? "" : " (at \"" + rule + "\")")
                    + ": " + reason(e), e);
        }
    }

    /**
     * Freezes (or thaws) every process of the cgroup: cgroup.freeze in its v2 directory (a core file
     * of every v2 cgroup, so also on hybrid hosts), else freezer.state in the v1 freezer hierarchy;
     * returns once the kernel reports the new state.
     */
    public void freeze(Cgroup cg, boolean frozen) {
        Path v1 = layout.v1().get("freezer");
        Path file;
        String want;
        String done;
        if (cg.v2Dir() != null && Files.exists(cg.v2Dir().resolve("cgroup.freeze"))) {
            file = cg.v2Dir().resolve("cgroup.freeze");
            want = frozen ? "1" : "0";
            done = "frozen " + want;
        } else if (v1 != null && Files.isDirectory(v1.resolve(parent).resolve(cg.id()))) {
            file = v1.resolve(parent).resolve(cg.id()).resolve("freezer.state");
            want = frozen ? "FROZEN" : "THAWED";
            done = want;
        } else {
            throw new JrunException("cgroup " + parent + "/" + cg.id() + " has no freezer (no cgroup v2 directory, "
                    + "no v1 freezer hierarchy)");
        }
        Path report = file.getFileName().toString().equals("cgroup.freeze") ? file.resolveSibling("cgroup.events") : file;
        try {
            write(file, want);
            for (int i = 0; i < 1000; i++) {
                for (String line : Files.readAllLines(report)) {
                    if (line.strip().equals(done)) {
                        return;
                    }
                }
                Thread.sleep(1);
            }
        } catch (IOException e) {
            throw new JrunException((frozen ? "freeze" : "thaw") + " cgroup " + file.getParent() + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while waiting for " + report, e);
        }
        throw new JrunException((frozen ? "freeze" : "thaw") + " cgroup " + file.getParent()
                + ": the kernel did not report \"" + done + "\" in " + report + " within 1 s");
    }

    /** Whether the cgroup is frozen (v2 cgroup.events "frozen 1", or v1 freezer.state FROZEN). */
    public boolean frozen(Cgroup cg) {
        try {
            if (cg.v2Dir() != null && Files.exists(cg.v2Dir().resolve("cgroup.events"))) {
                return Files.readAllLines(cg.v2Dir().resolve("cgroup.events")).contains("frozen 1");
            }
            Path v1 = layout.v1().get("freezer");
            Path state = v1 == null ? null : v1.resolve(parent).resolve(cg.id()).resolve("freezer.state");
            return state != null && Files.exists(state) && Files.readString(state).strip().equals("FROZEN");
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes new limits to an existing container's cgroup (runc update): only the fields r sets. */
    public void update(Cgroup cg, Linux.Resources r) {
        try {
            if (layout.kind() == CgroupLayout.Kind.V2) {
                writeV2(cg.v2Dir(), r);
            } else {
                writeV1(r, cg.id());
            }
        } catch (IOException e) {
            throw new JrunException("update cgroup " + parent + "/" + cg.id() + ": " + reason(e), e);
        }
    }

    /**
     * The content of one of the container's cgroup files (e.g. "memory", "memory.usage_in_bytes"):
     * in the v1 hierarchy of that controller, else in its v2 directory; null when there is none.
     */
    public String knob(Cgroup cg, String controller, String file) {
        Path mount = layout.v1().get(controller);
        Path f = mount != null ? mount.resolve(parent).resolve(cg.id()).resolve(file)
                : cg.v2Dir() == null ? null : cg.v2Dir().resolve(file);
        try {
            return f != null && Files.isRegularFile(f) ? Files.readString(f).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
