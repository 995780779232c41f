package dev.jrun.linux;

import dev.jrun.JrunException;
import dev.jrun.runtime.spec.Process;
import dev.jrun.runtime.spec.Root;
import dev.jrun.runtime.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a process inside a running container (exec), on the launcher's table mechanism. The JVM opens
 * a pidfd for the container's PID 1 and its cgroups; the first child (clone3, CLONE_INTO_CGROUP for
 * cgroup2) joins the v1 cgroups, then every namespace of the container that differs from ours with one
 * setns(pidfd, flags); joining a PID namespace only places the caller's future children in it, so it
 * then forks (CLONE_VM|CLONE_VFORK|CLONE_PARENT, as runc's nsexec uses CLONE_PARENT) and exits. The
 * fork, a child of this JVM inside the container's PID namespace, takes the process's credentials,
 * capabilities, cwd and stdio and execs. The caller reaps it with waitid(P_PIDFD) like any container.
 */
public final class ContainerExec {
    private static final String[] NS = {"mnt", "pid", "uts", "ipc", "net", "cgroup"};
    private static final long[] NS_FLAGS = {Clone.CLONE_NEWNS, Clone.CLONE_NEWPID, Clone.CLONE_NEWUTS,
        Clone.CLONE_NEWIPC, Clone.CLONE_NEWNET, Clone.CLONE_NEWCGROUP};

    private ContainerExec() {
    }

    /**
     * @param pid         the container's PID 1 on the host
     * @param startMillis its recorded start time (ProcessSignals.startMillis), so a reused pid is refused; 0: unchecked
     * @param process     what runs (args, env, cwd, user, capabilities, no_new_privs, rlimits, terminal)
     * @throws JrunException when the container is not running; ChildFailedException when a step failed
     *                       (exitCode 127/126 for a missing or non-executable command)
     */
    public static Launcher.Started start(int pid, long startMillis, Process process, Stdio stdio) {
        String cause = LinuxSupport.unavailabilityCause();
        if (cause != null) {
            throw new LinuxUnavailableException(cause);
        }
        int[] v = LinuxSupport.version(System.getProperty("os.version"));
        if (v[0] < 5 || (v[0] == 5 && v[1] < 8)) {
            throw new LinuxUnavailableException("exec needs Linux 5.8 or newer (setns on a pidfd); this is "
                    + System.getProperty("os.version"));
        }
        long pidfd = NativeCalls.syscall(Sys.PIDFD_OPEN.nr(), pid, 0, 0, 0);
        if (pidfd < 0) {
            throw new NotRunningException(pid);
        }
        List<Integer> fds = new ArrayList<>(List.of((int) pidfd));
        try (NativeMemory mem = new NativeMemory()) {
            if (!ProcessSignals.alive(pid, startMillis)) { // checked after pidfd_open: the pidfd is that process
                throw new NotRunningException(pid);
            }
            Plan plan = plan(pid);
            int[] std = {Launcher.redirect(stdio.in(), true, fds), Launcher.redirect(stdio.out(), false, fds),
                Launcher.redirect(stdio.err(), false, fds)};
            List<Integer> procs = new ArrayList<>();
            for (Path p : plan.cgroups().v1Files()) {
                procs.add(Launcher.open(p, NativeCalls.O_WRONLY, fds));
            }
            int v2fd = plan.cgroups().v2Dir() == null ? -1
                    : Launcher.open(plan.cgroups().v2Dir(), NativeCalls.O_RDONLY | NativeCalls.O_DIRECTORY, fds);
            SyscallTable t = table(plan, process, mem, (int) pidfd, procs, std);
            return new Launcher(null).new Started(Clone.runForked(t, 0, v2fd), null);
        } finally {
            for (int fd : fds) {
                NativeCalls.close(fd);
            }
        }
    }

    /** The steps exec would take, in words, without running anything: what --explain prints. */
    public static List<String> explain(int pid, Process process) {
        Plan plan = plan(pid);
        try (NativeMemory mem = new NativeMemory()) {
            List<Integer> procs = new ArrayList<>();
            plan.cgroups().v1Files().forEach(p -> procs.add(-1));
            List<String> out = new ArrayList<>();
            out.add("  0  open a pidfd of the container's PID 1 (pid " + pid + ")");
            out.add("  0  clone3" + (plan.cgroups().v2Dir() == null ? "" : " into cgroup " + plan.cgroups().v2Dir())
                    + "; the child then:");
            out.addAll(table(plan, process, mem, -1, procs, new int[] {-1, -1, -1}).describe());
            return out;
        }
    }

    /** What differs between the container's PID 1 and us: namespaces to join, cgroups, the executable. */
    private record Plan(int pid, long nsFlags, ProcCgroups.Joins cgroups) {
    }

    private static Plan plan(int pid) {
        long flags = 0;
        for (int i = 0; i < NS.length; i++) {
            String theirs = nsLink(pid, NS[i]);
            if (theirs != null && !theirs.equals(nsLink(0, NS[i]))) {
                flags |= NS_FLAGS[i];
            }
        }
        try {
            ProcCgroups.Joins joins = ProcCgroups.joins(
                    ProcCgroups.parse(LinuxSupport.readProc("/proc/" + pid + "/cgroup")),
                    ProcCgroups.parse(LinuxSupport.readProc("/proc/self/cgroup")), CgroupLayout.current());
            return new Plan(pid, flags, joins);
        } catch (IOException e) {
            throw new NotRunningException(pid);
        }
    }

    private static SyscallTable table(Plan plan, Process process, NativeMemory mem, int pidfd, List<Integer> procs,
            int[] std) {
        // resolved through the container's root as its PID 1 sees it, with all its mounts
        String exec = RootfsPaths.executable(Path.of("/proc/" + plan.pid() + "/root"),
                process.args().get(0), process.env());
        SyscallTable t = new SyscallTable();
        for (int i = 0; i < procs.size(); i++) {
            Path p = plan.cgroups().v1Files().get(i);
            t.add("join cgroup " + p.getParent() + " (echo 0 > " + p + ")", Sys.WRITE, procs.get(i), mem.cstring("0"), 1);
        }
        if (plan.nsFlags() != 0) {
            t.add("join the container's " + describe(plan.nsFlags()) + " namespaces (setns on a pidfd of its PID 1)",
                    Sys.SETNS, pidfd, plan.nsFlags());
        }
        t.addFork("fork, so that the new process is inside the PID namespace (clone3 CLONE_VM|CLONE_VFORK|"
                + "CLONE_PARENT); the forking child exits and the new one goes on", Clone.forkArgs(mem), Clone.ARGS_SIZE_VER0);
        Spec spec = new Spec(null, process, new Root("/", null), null, null, null, null, null);
        ContainerSteps.addProcess(t, spec, mem, std, exec, LinuxSupport.lastCap(), LinuxSupport.permittedCaps());
        return t;
    }

    static String describe(long flags) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NS.length; i++) {
            if ((flags & NS_FLAGS[i]) != 0) {
                names.add(NS[i]);
            }
        }
        return String.join(", ", names);
    }

    /** readlink /proc/PID/ns/NAME ("mnt:[4026531841]"); pid 0 is ourselves; null when absent. */
    private static String nsLink(int pid, String name) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + (pid == 0 ? "self" : pid) + "/ns/" + name)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The container's PID 1 is gone (or is another process now). */
    public static final class NotRunningException extends JrunException {
        private static final long serialVersionUID = 1L;

        NotRunningException(int pid) {
            super("its process (pid " + pid + ") is not running");
        }
    }
}
