package dev.jrun.linux;

import dev.jrun.runtime.spec.CapabilityNames;
import dev.jrun.runtime.spec.Mount;
import dev.jrun.runtime.spec.Process;
import dev.jrun.runtime.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a runtime spec into the child's syscall table: join cgroups, mounts, /dev, masked and
 * read-only paths, pivot_root, hostname, rlimits, credentials, capabilities, stdio, execve. Every
 * decision is taken here, in Java; the trampoline only walks the result. Paths are resolved in the
 * rootfs on the host first, so the child needs no logic.
 */
final class ContainerSteps {
    static final long AT_FDCWD = -100;
    private static final long S_IFREG = 0100000;
    private static final long MNT_DETACH = 2;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SIOCSIFFLAGS = 0x8914;
    private static final int TIOCSCTTY = 0x540E;
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOOPBACK = 0x8;
    private static final int IFF_RUNNING = 0x40;
    private static final int PR_SET_KEEPCAPS = 8;
    private static final int PR_CAPBSET_DROP = 24;
    private static final int PR_SET_PDEATHSIG = 1;
    private static final int SIGKILL = 9;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_CAP_AMBIENT = 47;
    private static final int PR_CAP_AMBIENT_RAISE = 2;
    private static final List<String> RLIMITS = List.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
            "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    /** A v1 cgroup's join file (CgroupFs.V1_JOIN_FILE) the parent opened; the child writes "0" to it to join. */
    record CgroupJoin(int fd, Path file) {
    }

    private final Spec spec;
    private final Path rootfs;
    private final NativeMemory mem;
    private final SyscallTable t;
    private final List<Path> mounted = new ArrayList<>();
    private final CgroupLayout cgroupLayout;
    private int stdinFd = -1;
    private int execFifoFd = -1;
    private int readyFd = -1;
    private boolean dieWithParent;
    private final List<Path> joinedDirs = new ArrayList<>();
    /** Looks up paths in the rootfs for the filesystem steps (null when there are none). */
    private RootfsPaths.Resolver paths;

    private ContainerSteps(Spec spec, Path rootfs, NativeMemory mem, CgroupLayout cgroupLayout) {
        this(spec, rootfs, mem, cgroupLayout, new SyscallTable());
    }

    private ContainerSteps(Spec spec, Path rootfs, NativeMemory mem, CgroupLayout cgroupLayout, SyscallTable t) {
        this.t = t;
        this.spec = spec;
        this.rootfs = rootfs;
        this.mem = mem;
        this.cgroupLayout = cgroupLayout;
    }

    /**
     * @param stdio    fds to become 0, 1, 2 in the container; -1 keeps the JVM's
     * @param execPath argv[0] resolved in the container's PATH (RootfsPaths.executable)
     * @param lastCap  /proc/sys/kernel/cap_last_cap
     * @param heldCaps the capabilities jrun holds; the container's sets are cut down to them
     * @param layout   for mounts of type cgroup; null skips them
     */
    static SyscallTable build(Spec spec, Path rootfs, NativeMemory mem, List<CgroupJoin> joins, int[] stdio,
            String execPath, int lastCap, long heldCaps, CgroupLayout layout) {
        return build(spec, rootfs, mem, joins, stdio, execPath, lastCap, heldCaps, layout, -1, -1, false);
    }

    /**
     * @param execFifoFd -1, or an O_PATH fd of a FIFO the child reopens (through /proc/self/fd) for writing just
     *                   before exec: the open blocks until someone opens it for reading (runc's exec fifo:
     *                   create waits, start releases)
     * @param readyFd    -1, or an fd the child writes one byte to just before opening the exec fifo
     * @param dieWithParent the child is killed if the launching process dies while it waits for start (a
     *                   launch held inside the process that releases it; not runc's create, which exits)
     */
    static SyscallTable build(Spec spec, Path rootfs, NativeMemory mem, List<CgroupJoin> joins, int[] stdio,
            String execPath, int lastCap, long heldCaps, CgroupLayout layout, int execFifoFd, int readyFd,
            boolean dieWithParent) {
        ContainerSteps s = new ContainerSteps(spec, rootfs, mem, layout);
        s.execFifoFd = execFifoFd;
        s.dieWithParent = dieWithParent;
        s.readyFd = readyFd;
        s.stdinFd = stdio[0];
        for (CgroupJoin j : joins) {
            s.joinedDirs.add(j.file().getParent());
            s.t.add("join cgroup " + j.file().getParent() + " (echo 0 > " + j.file() + ")", Sys.WRITE, j.fd(), mem.cstring("0"), 1);
        }
        s.joinNamespaces();
        if (spec.linux().hasNamespace("cgroup")) {
            s.t.add("enter a new cgroup namespace rooted at the container's cgroup (unshare --cgroup)", Sys.UNSHARE,
                    Clone.CLONE_NEWCGROUP);
        }
        if (spec.linux().hasNamespace("network")) {
            s.loopbackUp();
        }
        s.t.add("set umask 0 while creating mount points and devices", Sys.UMASK, 0);
        try (RootfsPaths.Resolver paths = new RootfsPaths.Resolver(rootfs)) {
            s.paths = paths;
            s.filesystem();
        } finally {
            s.paths = null;
        }
        if (spec.linux().hasNamespace("uts") && spec.hostname() != null) {
            s.t.add("set hostname " + spec.hostname(), Sys.SETHOSTNAME, mem.cstring(spec.hostname()), spec.hostname().length());
        }
        s.process(stdio, execPath, lastCap, heldCaps);
        return s.t;
    }

    /**
     * exec: only the process's steps (rlimits, capabilities, credentials, no_new_privs, cwd, umask, stdio,
     * terminal, execve) of spec.process(), appended to t, for a process that has joined a running container.
     */
    static void addProcess(SyscallTable t, Spec spec, NativeMemory mem, int[] stdio, String execPath, int lastCap,
            long heldCaps) {
        ContainerSteps s = new ContainerSteps(spec, null, mem, null, t);
        s.stdinFd = stdio[0];
        s.process(stdio, execPath, lastCap, heldCaps);
    }

    private void filesystem() {
        String root = rootfs.toString();
        t.add("make every mount a slave of the host's, so nothing propagates back (mount --make-rslave /)",
                Sys.MOUNT, 0, mem.cstring("/"), 0, MountOptions.MS_REC | MountOptions.MS_SLAVE, 0);
        t.add("bind the rootfs onto itself so it is a mount point (mount --rbind " + root + " " + root + ")", Sys.MOUNT,
                mem.cstring(root), mem.cstring(root), 0, MountOptions.MS_BIND | MountOptions.MS_REC, 0);
        boolean devTmpfs = false;
        for (Mount m : spec.mounts()) {
            mount(m);
            devTmpfs |= m.destination().equals("/dev") && "tmpfs".equals(m.type());
        }
        if (devTmpfs) {
            DevSteps.add(t, mem, rootfs, spec.process().terminalOrFalse() ? stdinFd : -1);
        }
        sysctls();
        for (String p : spec.linux().maskedPaths()) {
            String target = normalized(root + p);
            int onHost = paths.statType(p); // the host's file decides the mask's kind, as in runc
            if (onHost == RootfsPaths.Resolver.S_IFDIR) {
                t.addIgnoring(Errno.ENOENT, "mask " + p + " with an empty read-only tmpfs", Sys.MOUNT, mem.cstring("tmpfs"),
                        mem.cstring(target), mem.cstring("tmpfs"), MountOptions.MS_RDONLY, 0);
            } else if (onHost != 0) {
                t.addIgnoring(Errno.ENOENT, "mask " + p + " by binding /dev/null on it", Sys.MOUNT, mem.cstring("/dev/null"),
                        mem.cstring(target), 0, MountOptions.MS_BIND, 0);
            }
        }
        for (String p : spec.linux().readonlyPaths()) {
            long target = mem.cstring(root + p);
            t.addIgnoring(Errno.ENOENT, "bind " + p + " onto itself", Sys.MOUNT, target, target, 0,
                    MountOptions.MS_BIND | MountOptions.MS_REC, 0);
            t.addIgnoring(Errno.ENOENT, "make " + p + " read-only", Sys.MOUNT, target, target, 0, MountOptions.MS_BIND
                    | MountOptions.MS_REMOUNT | MountOptions.MS_RDONLY | MountOptions.MS_NOSUID | MountOptions.MS_NODEV
                    | MountOptions.MS_NOEXEC, 0);
        }
        mkdirs(paths.resolve(spec.process().cwd()), false);
        t.add("enter the rootfs (cd " + root + ")", Sys.CHDIR, mem.cstring(root));
        long dot = mem.cstring(".");
        t.add("make the rootfs the root: pivot_root . . (the old root now lies under the new one)",
                Sys.PIVOT_ROOT, dot, dot);
        t.add("detach the old root, leaving the host's mounts out of sight (umount -l .)", Sys.UMOUNT2, dot, MNT_DETACH);
        t.add("cd /", Sys.CHDIR, mem.cstring("/"));
        if (spec.root().readonlyOrFalse()) {
            t.add("make the root filesystem read-only (mount -o remount,bind,ro /)", Sys.MOUNT, 0, mem.cstring("/"), 0,
                    MountOptions.MS_BIND | MountOptions.MS_REMOUNT | MountOptions.MS_RDONLY, 0);
        }
    }

    private void mount(Mount m) {
        MountOptions o = MountOptions.parse(m.options(), m.type());
        String type = m.type();
        String source = m.source();
        if ("sysfs".equals(type) && !ownNetwork()) {
            // sysfs belongs to a network namespace: without a new one, bind the host's /sys (as runc does)
            o = new MountOptions(o.flags() | MountOptions.MS_BIND | MountOptions.MS_REC, o.propagation(), "", true, true);
            source = "/sys";
        }
        Path target = paths.resolve(m.destination());
        String dest = m.destination();
        if ("cgroup".equals(type)) {
            if (cgroupLayout != null) {
                mkdirs(target, false);
                if (spec.linux().hasNamespace("cgroup") || cgroupLayout.kind() == CgroupLayout.Kind.V2) {
                    CgroupMountSteps.add(t, mem, cgroupLayout, target, dest, o.flags());
                } else {
                    CgroupMountSteps.addBinds(t, mem, cgroupLayout, target, dest, o.flags(), joinedDirs);
                }
                mounted.add(target);
            }
            return;
        }
        if (o.bind()) {
            int sourceType = source == null ? 0 : paths.statType(source);
            boolean file = sourceType != 0 && sourceType != RootfsPaths.Resolver.S_IFDIR;
            mkdirs(target, file);
            long tgt = mem.cstring(target.toString());
            t.add("bind " + source + " on " + dest + (o.recursive() ? " (recursively)" : ""), Sys.MOUNT,
                    mem.cstring(source), tgt, 0, MountOptions.MS_BIND | (o.recursive() ? MountOptions.MS_REC : 0), 0);
            if (o.remountFlags() != 0) {
                t.add("remount " + dest + " with " + String.join(",", m.options()), Sys.MOUNT, 0, tgt, 0,
                        MountOptions.MS_BIND | MountOptions.MS_REMOUNT | o.remountFlags(), 0);
            }
        } else {
            mkdirs(target, false);
            t.add("mount " + source + " on " + dest + " (type " + type
                    + (m.options().isEmpty() ? "" : ", " + String.join(",", m.options())) + ")", Sys.MOUNT,
                    source == null ? 0 : mem.cstring(source), mem.cstring(target.toString()),
                    type == null ? 0 : mem.cstring(type), o.flags(), o.data().isEmpty() ? 0 : mem.cstring(o.data()));
        }
        if (o.propagation() != 0) {
            t.add("set propagation of " + dest, Sys.MOUNT, 0, mem.cstring(target.toString()), 0, o.propagation(), 0);
        }
        mounted.add(target);
    }

    /** The namespaces a spec may join by path, with their clone flags (setns's nstype). */
    static final java.util.Map<String, Long> JOINABLE = java.util.Map.of("network", Clone.CLONE_NEWNET,
            "ipc", Clone.CLONE_NEWIPC, "uts", Clone.CLONE_NEWUTS, "cgroup", Clone.CLONE_NEWCGROUP);

    /** setns into each namespace the spec names by path (podman's network namespace), first of all. */
    private void joinNamespaces() {
        for (var n : spec.linux().namespaces()) {
            if (n.path() == null) {
                continue;
            }
            Long flag = JOINABLE.get(n.type());
            if (flag == null) {
                throw new dev.jrun.JrunException("joining an existing " + n.type() + " namespace (" + n.path()
                        + ") is not supported: only " + new java.util.TreeSet<>(JOINABLE.keySet()) + " can be joined by path");
            }
            t.add("open the " + n.type() + " namespace " + n.path(), Sys.OPENAT, AT_FDCWD, mem.cstring(n.path()),
                    NativeCalls.O_RDONLY | NativeCalls.O_CLOEXEC, 0);
            t.addChained("join it (setns)", Sys.SETNS, flag);
        }
    }

    /** A network namespace of the container's own (new or joined): sysfs may be mounted fresh. */
    private boolean ownNetwork() {
        for (var n : spec.linux().namespaces()) {
            if (n.type().equals("network")) {
                return true;
            }
        }
        return false;
    }

    /**
     * mkdir for each missing directory up to target (or an empty file for a file bind), inside rootfs. A
     * directory below a mount made earlier in the table gets its mkdir without a look: the rootfs's own
     * files there are hidden. By string prefixes (the paths are normalized): Path.startsWith over every
     * mount for every directory cost ~2 ms of an interpreted run.
     */
    private void mkdirs(Path target, boolean file) {
        String root = rootfs.toString();
        String base = root.endsWith("/") ? root : root + "/";
        String path = target.toString();
        if (!path.startsWith(base)) {
            return; // the rootfs itself (or outside it): nothing to make
        }
        int under = Integer.MAX_VALUE; // the directories on the way longer than this lie below a mount
        for (Path m : mounted) {
            String ms = m.toString();
            boolean prefix = path.startsWith(ms) && (path.length() == ms.length() || path.charAt(ms.length()) == '/');
            if (prefix && ms.length() < under) {
                under = ms.length();
            }
        }
        for (int from = base.length(); ; ) {
            int slash = path.indexOf('/', from);
            boolean last = slash < 0;
            String p = last ? path : path.substring(0, slash);
            boolean underMount = p.length() > under;
            // what the rootfs holds there (the resolver looked most of these up while resolving target)
            int type = underMount ? 0 : paths.type(p.substring(base.length()));
            if (underMount || !(last && file ? type != 0 : type == RootfsPaths.Resolver.S_IFDIR)) {
                String inCtr = p.substring(base.length() - 1);
                if (last && file) {
                    t.addIgnoring(Errno.EEXIST, "create the mount point file " + inCtr, Sys.MKNODAT, AT_FDCWD,
                            mem.cstring(p), S_IFREG | 0644, 0);
                } else {
                    t.addIgnoring(Errno.EEXIST, "mkdir " + inCtr, Sys.MKDIRAT, AT_FDCWD, mem.cstring(p), 0755);
                }
            }
            if (last) {
                return;
            }
            from = slash + 1;
        }
    }

    /** s as Path.of(s).toString() has it (no doubled or trailing slash), without parsing a Path when it is so already. */
    static String normalized(String s) {
        return s.indexOf("//") < 0 && (s.length() < 2 || !s.endsWith("/")) ? s : Path.of(s).toString();
    }

    /** ip link set lo up: a socket in the new network namespace, then SIOCSIFFLAGS on it. */
    private void loopbackUp() {
        long ifreq = mem.allocate(40);
        NativeMemory.IO.putByteArray(ifreq, new byte[] {'l', 'o'}, 0, 2);
        NativeMemory.IO.putShort(ifreq + 16, (short) (IFF_UP | IFF_LOOPBACK | IFF_RUNNING));
        t.add("open a socket in the new network namespace", Sys.SOCKET, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        t.addChained("bring the loopback interface up (ip link set lo up)", Sys.IOCTL, SIOCSIFFLAGS, ifreq);
    }

    /** sysctl -w key=value, written in the container's own /proc/sys before it is made read-only. */
    private void sysctls() {
        if (spec.linux().sysctl() == null) {
            return;
        }
        for (var e : new java.util.TreeMap<>(spec.linux().sysctl()).entrySet()) {
            String key = e.getKey();
            if (key.isEmpty() || key.contains("..") || key.startsWith("/") || key.startsWith(".")) {
                throw new dev.jrun.JrunException("invalid sysctl name \"" + key + "\"");
            }
            String file = rootfs + "/proc/sys/" + key.replace('.', '/');
            byte[] value = e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            t.add("open " + "/proc/sys/" + key.replace('.', '/'), Sys.OPENAT, AT_FDCWD, mem.cstring(file),
                    NativeCalls.O_WRONLY | NativeCalls.O_CLOEXEC, 0);
            t.addChained("sysctl -w " + key + "=" + e.getValue(), Sys.WRITE, mem.cstring(e.getValue()), value.length);
        }
    }

    private void process(int[] stdio, String execPath, int lastCap, long held) {
        Process p = spec.process();
        for (Process.Rlimit r : p.rlimits()) {
            int res = RLIMITS.indexOf(r.type());
            if (res < 0) {
                throw new dev.jrun.JrunException("unknown rlimit " + r.type());
            }
            t.add("ulimit " + r.type() + " soft " + r.soft() + " hard " + r.hard(), Sys.PRLIMIT64, 0, res,
                    mem.longs(r.soft(), r.hard()), 0);
        }
        Process.Capabilities caps = p.capabilities() != null ? p.capabilities()
                : new Process.Capabilities(CapabilityNames.ALL, CapabilityNames.ALL, null, CapabilityNames.ALL, null);
        long bounding = CapabilityNames.mask(caps.bounding());
        for (int cap = 0; cap <= lastCap; cap++) {
            if ((bounding & (1L << cap)) == 0) {
                String name = cap < CapabilityNames.ALL.size() ? CapabilityNames.ALL.get(cap) : "capability " + cap;
                t.add("drop " + name + " from the bounding set", Sys.PRCTL, PR_CAPBSET_DROP, cap, 0, 0, 0);
            }
        }
        Process.User u = p.user();
        if (u.uid() != 0) {
            t.add("keep capabilities across the uid change", Sys.PRCTL, PR_SET_KEEPCAPS, 1, 0, 0, 0);
        }
        List<Long> groups = u.additionalGidsOrEmpty();
        int[] gids = new int[groups.size()];
        for (int i = 0; i < gids.length; i++) {
            gids[i] = groups.get(i).intValue();
        }
        t.add("set supplementary groups to " + (groups.isEmpty() ? "none" : groups), Sys.SETGROUPS, gids.length,
                gids.length == 0 ? 0 : mem.ints(gids));
        t.add("set gid " + u.gid(), Sys.SETRESGID, u.gid(), u.gid(), u.gid());
        t.add("set uid " + u.uid(), Sys.SETRESUID, u.uid(), u.uid(), u.uid());
        long eff = CapabilityNames.mask(caps.effective()) & held;
        long perm = CapabilityNames.mask(caps.permitted()) & held;
        long inh = CapabilityNames.mask(caps.inheritable()) & held;
        t.add("set capabilities: effective " + CapabilityNames.names(eff) + ", permitted " + CapabilityNames.names(perm)
                + ", inheritable " + CapabilityNames.names(inh)
                + (eff == CapabilityNames.mask(caps.effective()) ? "" : " (jrun itself lacks the others)"), Sys.CAPSET, mem.ints(0x20080522, 0),
                mem.ints((int) eff, (int) perm, (int) inh, (int) (eff >>> 32), (int) (perm >>> 32), (int) (inh >>> 32)));
        for (String a : caps.ambient()) {
            long bit = 1L << CapabilityNames.number(a);
            if ((held & bit) == 0 || (inh & bit) == 0 || (perm & bit) == 0) {
                continue; // the kernel raises only what is permitted and inheritable; runc skips the rest too
            }
            t.add("raise ambient " + a, Sys.PRCTL, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CapabilityNames.number(a), 0, 0);
        }
        if (p.noNewPrivilegesOrFalse()) {
            t.add("forbid gaining privileges through setuid files (no_new_privs)", Sys.PRCTL, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        }
        t.add("cd " + p.cwd(), Sys.CHDIR, mem.cstring(p.cwd()));
        int umask = u.umask() == null ? 022 : u.umask();
        t.add("set umask " + Integer.toOctalString(umask), Sys.UMASK, umask);
        for (int fd = 0; fd < 3; fd++) {
            if (stdio[fd] >= 0) {
                t.add("connect fd " + fd + " (dup2 " + stdio[fd] + " " + fd + ")", Sys.DUP3, stdio[fd], fd, 0);
            }
        }
        if (p.terminalOrFalse()) {
            t.add("start a new session (setsid)", Sys.SETSID);
            t.add("make stdin the controlling terminal (ioctl TIOCSCTTY)", Sys.IOCTL, 0, TIOCSCTTY, 0);
        }
        if (execFifoFd >= 0) {
            // as runc's init looks its program up before it says it is ready: a create whose program is
            // missing fails there, not with a container that dies at start
            t.add("check that " + execPath + " can be executed (faccessat X_OK)", Sys.FACCESSAT, -100,
                    mem.cstring(execPath), 1, 0);
            // The child holds a copy of every fd jrun's JVM had open when it was cloned, and a held child
            // keeps them as long as it waits for start. Another thread's pipe (a CNI plugin's stdin, the
            // JDK's pipe from a process it is starting, another launch's ready pipe) would never see its end
            // of file: so all but the fifo and the ready pipe are closed before the wait, not only before exec.
            closeAllBut(execFifoFd, readyFd);
            if (dieWithParent) {
                // here, after the credentials: a change of user clears the parent-death signal
                t.add("die if jrun dies while this waits (prctl PR_SET_PDEATHSIG SIGKILL)", Sys.PRCTL,
                        PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
            }
        }
        if (readyFd >= 0) {
            t.add("tell create the container is set up (write a byte to fd " + readyFd + ")", Sys.WRITE, readyFd,
                    mem.cstring("r"), 1);
        }
        if (execFifoFd >= 0) {
            String fifo = "/proc/self/fd/" + execFifoFd;
            t.add("wait for start: open " + fifo + " for writing (blocks until it is opened for reading)",
                    Sys.OPENAT, -100, mem.cstring(fifo), NativeCalls.O_WRONLY | NativeCalls.O_CLOEXEC, 0);
            if (dieWithParent) {
                t.add("started: outlive jrun from now on (prctl PR_SET_PDEATHSIG 0)", Sys.PRCTL, PR_SET_PDEATHSIG, 0,
                        0, 0, 0);
            }
        }
        t.addIgnoring(Errno.ENOSYS, "close every other file descriptor", Sys.CLOSE_RANGE, 3, 0xFFFFFFFFL, 0);
        t.add("unblock all signals", Sys.RT_SIGPROCMASK, 2, mem.longs(0), 0, 8);
        t.add("execute " + execPath + " " + p.args(), Sys.EXECVE, mem.cstring(execPath), mem.stringArray(p.args()),
                mem.stringArray(p.env()));
    }

    /** close_range over every fd from 3 up but a and b (-1 for none). No streams: lambdas cost start-up time. */
    private void closeAllBut(int a, int b) {
        long from = 3;
        for (int fd : new int[] {Math.min(a, b), Math.max(a, b)}) {
            if (fd < from) {
                continue;
            }
            if (fd > from) {
                t.addIgnoring(Errno.ENOSYS, "close fds " + from + "-" + (fd - 1), Sys.CLOSE_RANGE, from, fd - 1, 0);
            }
            from = fd + 1;
        }
        t.addIgnoring(Errno.ENOSYS, "close fds " + from + " and up", Sys.CLOSE_RANGE, from, 0xFFFFFFFFL, 0);
    }
}
