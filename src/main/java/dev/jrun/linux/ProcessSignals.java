package dev.jrun.linux;

import dev.jrun.PlainFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Facts about and signals to processes that this JVM did not start (the OCI runtime's detached
 * containers): whether a pid is still the recorded process, and signals through a pidfd.
 */
public final class ProcessSignals {
    private static final int ESRCH = 3;

    private ProcessSignals() {
    }

    /** /proc/stat's btime in ms, read once; -1 before. */
    private static long bootMillis = -1;

    /**
     * Ends this process at once with code (exit_group), skipping the JVM's own exit: that waits up to
     * 300 ms for threads in native code to block (VM_Exit::wait_for_threads_in_native_to_block), and oci
     * create leaves its launching thread in clone3 (CLONE_VFORK) until start. Flush stdio first.
     */
    public static void exitNow(int code) {
        NativeCalls.syscall(Sys.EXIT_GROUP.nr(), code, 0, 0, 0);
    }

    /**
     * The start time of pid in epoch milliseconds, or -1 when there is no such process. The value
     * ProcessHandle.Info.startInstant gives on Linux (boot time from /proc/stat plus the start field of
     * /proc/PID/stat in USER_HZ ticks), read directly: ProcessHandle's first use initializes its reaper
     * thread factory, ~4 ms of every container start.
     */
    public static long startMillis(int pid) {
        try {
            long start = startMillis(PlainFiles.readString(Path.of("/proc/" + pid + "/stat")));
            if (start >= 0) {
                return start;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return -1;
        } catch (IOException | NumberFormatException e) {
            // fall back to the JDK's reading below
        }
        return jdkStartMillis(pid);
    }

    private static long jdkStartMillis(int pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.flatMap(p -> p.info().startInstant()).map(Instant::toEpochMilli).orElse(-1L);
    }

    /** The start time in /proc/PID/stat's content, in epoch ms; -1 when it cannot be read from it. */
    private static long startMillis(String stat) throws IOException {
        if (bootMillis < 0) {
            // btime is near the top of /proc/stat: find it without splitting every line (the runc verbs
            // run interpreted, and the intr line alone can be long)
            String all = PlainFiles.readString(Path.of("/proc/stat"));
            int b = all.startsWith("btime ") ? 0 : all.indexOf("\nbtime ") + 1;
            if (b > 0 || all.startsWith("btime ")) { // else no btime: left at -1
                int end = all.indexOf('\n', b);
                bootMillis = Long.parseLong(all.substring(b + 6, end < 0 ? all.length() : end).trim()) * 1000;
            }
        }
        int field = 2; // the fields after the command name, which is in parentheses and may hold spaces
        int i = stat.lastIndexOf(')') + 2;
        while (field < 21 && i > 1) {
            i = stat.indexOf(' ', i) + 1;
            field++;
        }
        int end = stat.indexOf(' ', i);
        if (bootMillis >= 0 && i > 1 && end > i) {
            return bootMillis + Long.parseLong(stat.substring(i, end)) * 10; // USER_HZ is 100 on Linux
        }
        return -1;
    }

    /**
     * True when pid runs and is the process started at startMillis (1 s tolerance: the clock
     * ticks of /proc), not a zombie waiting for a parent to reap it.
     */
    public static boolean alive(int pid, long startMillis) {
        if (pid <= 0) {
            return false;
        }
        String stat;
        try {
            stat = PlainFiles.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return false;
        }
        long start;
        try {
            start = startMillis(stat);
        } catch (IOException | NumberFormatException e) {
            start = -1;
        }
        if (start < 0) {
            start = jdkStartMillis(pid); // as startMillis(pid) does when /proc's reading fails
        }
        if (start < 0 || (startMillis > 0 && Math.abs(start - startMillis) >= 1000)) {
            return false;
        }
        int close = stat.lastIndexOf(')');
        char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        return state != 'Z' && state != 'X';
    }

    /**
     * A pidfd of pid (which need not be a child of this JVM: waitid refuses those, but the pidfd becomes
     * readable when it exits), or -1 when pid is gone or is no longer the process started at startMillis.
     * The caller closes it ({@link Epoll#closeFd}). A non-child's exit status cannot be read.
     */
    public static int pidfd(int pid, long startMillis) {
        int fd = open(pid);
        if (fd >= 0 && !alive(pid, startMillis)) { // checked after the open: the pidfd is the recorded process
            NativeCalls.close(fd);
            return -1;
        }
        return fd;
    }

    private static int open(int pid) {
        long fd = NativeCalls.syscall(Sys.PIDFD_OPEN.nr(), pid, 0, 0, 0);
        if (fd == -ESRCH) {
            return -1;
        }
        if (fd < 0) {
            throw new SyscallException("pidfd_open of pid " + pid, (int) -fd);
        }
        return (int) fd;
    }

    /** Sends signal to pid through a pidfd; false if the process is already gone. */
    public static boolean send(int pid, int signal) {
        int fd = open(pid);
        if (fd < 0) {
            return false;
        }
        try {
            long r = NativeCalls.syscall(Sys.PIDFD_SEND_SIGNAL.nr(), fd, signal, 0, 0);
            if (r == -ESRCH) {
                return false;
            }
            if (r < 0) {
                throw new SyscallException("send signal " + signal + " to pid " + pid, (int) -r);
            }
            return true;
        } finally {
            NativeCalls.close(fd);
        }
    }

    /** The pids in a container's cgroup (its first hierarchy's cgroup.procs), empty if it has none. */
    public static List<Integer> cgroupPids(CgroupFs.Cgroup cg) {
        List<Path> dirs = new ArrayList<>(cg.v1Dirs());
        if (cg.v2Dir() != null) {
            dirs.add(cg.v2Dir());
        }
        List<Integer> pids = new ArrayList<>();
        for (Path d : dirs) {
            try {
                for (String line : PlainFiles.readString(d.resolve("cgroup.procs")).split("\n")) {
                    if (!line.isBlank()) {
                        pids.add(Integer.parseInt(line.trim()));
                    }
                }
                return pids;
            } catch (IOException e) {
                // try the next hierarchy
            }
        }
        return pids;
    }

    /** Makes a FIFO at path with exactly this mode (not cut by the umask). */
    public static void mkfifo(Path path, int mode) {
        try (NativeMemory mem = new NativeMemory()) {
            long p = mem.cstring(path.toString());
            long r = NativeCalls.syscall(Sys.MKNODAT.nr(), -100, p, 0010000 | mode, 0);
            if (r < 0) {
                throw new SyscallException("mkfifo " + path, (int) -r);
            }
            // fchmodat, not Files.setPosixFilePermissions: its permission sets and attribute views are ~20
            // classes of a runc create's critical path
            r = NativeCalls.syscall(Sys.FCHMODAT.nr(), -100, p, mode, 0);
            if (r < 0) {
                throw new SyscallException("chmod " + path, (int) -r);
            }
        }
    }

    /** The system call pid is blocked in (first field of /proc/PID/syscall), or -1 if running or gone. */
    public static long currentSyscall(int pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/syscall")).strip();
            String first = s.split(" ")[0];
            return first.matches("\\d+") ? Long.parseLong(first) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
