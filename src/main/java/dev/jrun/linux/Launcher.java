package dev.jrun.linux;

import dev.jrun.JrunException;
import dev.jrun.runtime.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Executes a runtime spec on a rootfs directory: creates the cgroup, prepares the child's syscall
 * table, clones it through the trampoline into new namespaces, and reaps it with its pidfd. The
 * rootfs is used as given (the caller mounts the overlay); spec.root().path() is ignored.
 */
public final class Launcher {
    private static final int LAST_CAP = LinuxSupport.lastCap();
    private static final long HELD_CAPS = LinuxSupport.permittedCaps();
    private final CgroupFs cgroups;

    /** @param cgroups null to launch without cgroups (resources in the spec are then an error) */
    public Launcher(CgroupFs cgroups) {
        this.cgroups = cgroups;
    }

    /** A launcher using this machine's cgroup layout. */
    public static Launcher forThisHost() {
        return new Launcher(new CgroupFs(CgroupLayout.current()));
    }

    /** The cgroups this launcher creates containers' cgroups in (null: none). */
    public CgroupFs cgroups() {
        return cgroups;
    }

    /** Runs the container in the foreground; returns its exit code (128+signal when killed). */
    public int run(Spec spec, Path rootfs, String id, Stdio stdio) {
        try (Started s = start(spec, rootfs, id, stdio)) {
            return s.waitFor();
        }
    }

    /** The steps the child will take, in words, without running anything: what --explain prints. */
    public List<String> explain(Spec spec, Path rootfs, String id) {
        Path root = rootfs.toAbsolutePath().normalize();
        String exec = RootfsPaths.executable(root, spec.process().args().get(0), spec.process().env());
        try (NativeMemory mem = new NativeMemory()) {
            List<ContainerSteps.CgroupJoin> joins = new ArrayList<>();
            if (cgroups != null) {
                for (String c : CgroupFs.V1_JOINED) {
                    Path m = cgroups.layout().v1().get(c);
                    boolean seen = false;
                    for (ContainerSteps.CgroupJoin j : joins) {
                        seen |= m != null && j.file().startsWith(m);
                    }
                    if (m != null && !seen) {
                        joins.add(new ContainerSteps.CgroupJoin(-1, m.resolve("jrun").resolve(id).resolve(CgroupFs.V1_JOIN_FILE)));
                    }
                }
            }
            List<String> out = new ArrayList<>();
            if (cgroups != null) {
                out.add("  0  create cgroup jrun/" + id + " (" + cgroups.layout().kind() + " layout) and write its limits");
            }
            out.add("  0  clone3 into new " + describe(namespaceFlags(spec)) + " namespaces; the child then:");
            out.addAll(ContainerSteps.build(spec, root, mem, joins, new int[] {-1, -1, -1}, exec, LAST_CAP, HELD_CAPS,
                    cgroups == null ? null : cgroups.layout())
                    .describe());
            return out;
        }
    }

    /** Starts the container; the caller must {@link Started#waitFor()} or close it. */
    public Started start(Spec spec, Path rootfs, String id, Stdio stdio) {
        return start(spec, rootfs, id, stdio, null);
    }

    /**
     * As {@link #start(Spec, Path, String, Stdio)}, but with execFifo (a FIFO, or null) the child, set up
     * and just before exec, opens execFifo for writing and waits there until something opens it for
     * reading. The calling thread stays blocked until then (CLONE_VFORK): call this on a thread of its own.
     */
    public Started start(Spec spec, Path rootfs, String id, Stdio stdio, Path execFifo) {
        return start(spec, rootfs, id, stdio, execFifo, -1, false);
    }

    /**
     * As {@link #start(Spec, Path, String, Stdio, Path)}; with readyFd (the write end of a pipe, or -1)
     * the child writes one byte to it once every step before the exec fifo has succeeded: the byte
     * tells the caller the container is set up and waits for start (runc's init says so on its init
     * pipe), with no guessing from /proc. With dieWithCaller the kernel kills the child if this process
     * dies while the child waits on the fifo (the process that will release it: else nobody ever would).
     */
    public Started start(Spec spec, Path rootfs, String id, Stdio stdio, Path execFifo, int readyFd,
                         boolean dieWithCaller) {
        String cause = LinuxSupport.unavailabilityCause();
        if (cause != null) {
            throw new LinuxUnavailableException(cause);
        }
        Path root = rootfs.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new JrunException("rootfs " + root + " is not a directory");
        }
        String exec = RootfsPaths.executable(root, spec.process().args().get(0), spec.process().env());
        if (cgroups == null && spec.linux().resources() != null && !spec.linux().resources().nothingSet()) {
            throw new JrunException("container " + id + " has resource limits but the launcher has no cgroups");
        }
        // The cgroup is made on a thread of its own while this one opens the stdio and builds the syscall table
        // (each takes milliseconds, interpreted in a runc verb): the table names the v1 cgroups' join files by
        // path, and their fds go into its join steps once the directories exist.
        CgroupMaker maker = cgroups == null ? null : new CgroupMaker(cgroups, id, spec.linux().resources());
        if (maker != null) {
            maker.start();
        }
        CgroupFs.Cgroup cg = null;
        List<Integer> fds = new ArrayList<>();
        try (NativeMemory mem = new NativeMemory()) {
            int[] std = {redirect(stdio.in(), true, fds), redirect(stdio.out(), false, fds), redirect(stdio.err(), false, fds)};
            List<ContainerSteps.CgroupJoin> joins = new ArrayList<>();
            if (cgroups != null) {
                for (Path d : cgroups.v1DirsOf(id)) {
                    joins.add(new ContainerSteps.CgroupJoin(-1, d.resolve(CgroupFs.V1_JOIN_FILE)));
                }
            }
            int fifo = -1;
            if (execFifo != null) {
                // reopened through /proc/self/fd after pivot_root, where the host path is out of sight
                fifo = open(execFifo, NativeCalls.O_PATH, fds);
            }
            SyscallTable table = ContainerSteps.build(spec, root, mem, joins, std, exec, LAST_CAP, HELD_CAPS,
                    cgroups == null ? null : cgroups.layout(), fifo, readyFd, dieWithCaller);
            dev.jrun.Timing.mark("syscall table built");
            int v2fd = -1;
            if (maker != null) {
                cg = maker.await();
                dev.jrun.Timing.mark("cgroups made");
                for (int i = 0; i < cg.v1Dirs().size(); i++) {
                    // the join steps come first in the table, in v1DirsOf's order
                    table.setArg(i, 0, open(cg.v1Dirs().get(i).resolve(CgroupFs.V1_JOIN_FILE), NativeCalls.O_WRONLY, fds));
                }
                if (cg.v2Dir() != null) {
                    v2fd = open(cg.v2Dir(), NativeCalls.O_RDONLY | NativeCalls.O_DIRECTORY, fds);
                }
            }
            Clone.Child child = Clone.run(table, namespaceFlags(spec), v2fd);
            dev.jrun.Timing.mark("cloned");
            return new Started(child, cg);
        } catch (RuntimeException e) {
            RuntimeException first = e;
            if (maker != null) {
                try {
                    cg = maker.await();
                } catch (RuntimeException made) {
                    first = made; // the cgroup's error comes first, as when it was made before anything else
                    cg = null;
                }
            }
            if (cg != null) {
                try {
                    cgroups.remove(cg);
                } catch (RuntimeException suppressed) {
                    first.addSuppressed(suppressed);
                }
            }
            throw first;
        } finally {
            for (int fd : fds) {
                NativeCalls.close(fd);
            }
        }
    }

    static int redirect(Stdio.Redirect r, boolean input, List<Integer> fds) {
        if (r instanceof Stdio.ToFd fd) {
            return fd.fd();
        }
        if (r instanceof Stdio.ToFile f) {
            int flags = input ? NativeCalls.O_RDONLY
                    : NativeCalls.O_WRONLY | NativeCalls.O_CREAT | (f.append() ? NativeCalls.O_APPEND : NativeCalls.O_TRUNC);
            return open(f.path(), flags, fds);
        }
        return -1;
    }

    static int open(Path p, int flags, List<Integer> fds) {
        if (p == null) {
            return -1;
        }
        int fd = NativeCalls.open(p.toString(), flags | NativeCalls.O_CLOEXEC, 0644);
        fds.add(fd);
        return fd;
    }

    static String describe(long flags) {
        List<String> names = new ArrayList<>();
        String[] n = {"mount", "PID", "UTS", "IPC", "network"};
        long[] f = {Clone.CLONE_NEWNS, Clone.CLONE_NEWPID, Clone.CLONE_NEWUTS, Clone.CLONE_NEWIPC, Clone.CLONE_NEWNET};
        for (int i = 0; i < n.length; i++) {
            if ((flags & f[i]) != 0) {
                names.add(n[i]);
            }
        }
        return String.join(", ", names);
    }

    static long namespaceFlags(Spec spec) {
        long f = 0;
        var l = spec.linux();
        f |= l.hasNamespace("mount") ? Clone.CLONE_NEWNS : 0;
        f |= l.hasNamespace("pid") ? Clone.CLONE_NEWPID : 0;
        f |= l.hasNamespace("uts") ? Clone.CLONE_NEWUTS : 0;
        f |= l.hasNamespace("ipc") ? Clone.CLONE_NEWIPC : 0;
        f |= l.hasNamespace("network") ? Clone.CLONE_NEWNET : 0;
        if (l.hasNamespace("user")) {
            throw new JrunException("user namespaces (rootless containers) are not implemented yet");
        }
        if ((f & Clone.CLONE_NEWNS) == 0) {
            throw new JrunException("the spec must ask for a mount namespace: jrun never mounts in the host's");
        }
        return f;
    }

    /** A running container. close() kills it if still running, reaps it and removes its cgroup. */
    public final class Started implements AutoCloseable {
        private final Clone.Child child;
        private final CgroupFs.Cgroup cgroup;
        private final Object pidfdLock = new Object();
        private boolean pidfdClosed;
        private volatile Integer exitCode;
        private volatile boolean released;

        Started(Clone.Child child, CgroupFs.Cgroup cgroup) {
            this.child = child;
            this.cgroup = cgroup;
        }

        public int pid() {
            return child.pid();
        }

        /** The child's pidfd (readable once it has exited); closed by {@link #waitFor}. */
        public int pidfd() {
            return child.pidfd();
        }

        /** Time from clone3 to the child's execve (the parent resumes then, CLONE_VFORK). */
        public long cloneToExecNanos() {
            return child.cloneToExecNanos();
        }

        /**
         * Sends a signal to the container's PID 1 through its pidfd (no pid reuse race); safe from
         * any thread, also while another one waits. A container that has exited is left alone.
         */
        public void signal(int signal) {
            synchronized (pidfdLock) {
                if (pidfdClosed) {
                    return;
                }
                long r = NativeCalls.syscall(Sys.PIDFD_SEND_SIGNAL.nr(), child.pidfd(), signal, 0, 0);
                if (r < 0 && r != -3) { // ESRCH: it has exited, not yet reaped
                    throw new SyscallException("send signal " + signal + " to container PID " + child.pid(), -r);
                }
            }
        }

        /** Waits for PID 1 to exit; returns its code, 128+signal if killed. Removes the cgroup. */
        public synchronized int waitFor() {
            if (exitCode == null) {
                int code;
                try {
                    code = NativeCalls.waitPidfd(child.pidfd());
                } finally {
                    synchronized (pidfdLock) {
                        NativeCalls.close(child.pidfd());
                        pidfdClosed = true;
                    }
                    if (cgroup != null) {
                        cgroups.remove(cgroup);
                    }
                }
                exitCode = code;
            }
            return exitCode;
        }

        /**
         * Lets the process run on without this handle (exec -d): closes the pidfd; it is no longer signalled,
         * waited for or killed from here.
         */
        public void release() {
            synchronized (pidfdLock) {
                if (!pidfdClosed) {
                    NativeCalls.close(child.pidfd());
                    pidfdClosed = true;
                }
            }
            released = true;
        }

        @Override
        public void close() {
            if (exitCode == null && !released) {
                signal(9);
                waitFor();
            }
        }
    }
}
