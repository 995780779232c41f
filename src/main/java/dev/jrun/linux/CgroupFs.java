package dev.jrun.linux;

import dev.jrun.JrunException;
import dev.jrun.runtime.spec.Linux;
import java.io.IOException;
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
    /** The v1 controllers a container joins (those jrun can limit). */
    static final List<String> V1_JOINED = List.of("memory", "cpu", "pids");
    private final CgroupLayout layout;
    private final String parent;

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
        this.layout = layout;
        this.parent = parent;
    }

    public CgroupLayout layout() {
        return layout;
    }

    /** Creates the cgroup and writes the limits; on failure removes what it made. */
    public Cgroup create(String id, Linux.Resources resources) {
        Linux.Resources r = resources == null ? new Linux.Resources(null, null, null) : resources;
        Set<Path> v1 = new LinkedHashSet<>();
        Path v2 = null;
        Cgroup made = null;
        try {
            for (String c : V1_JOINED) {
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
        String line = "+" + String.join(" +", want);
        write(root.resolve("cgroup.subtree_control"), line);
        write(jrun.resolve("cgroup.subtree_control"), line);
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

    /**
     * Removes the cgroup directories. rmdir fails with EBUSY while exiting processes are still
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
                    Files.deleteIfExists(d);
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
}
