package dev.jrun.linux;

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
            if (bootMillis < 0) {
                for (String line : PlainFiles.readString(Path.of("/proc/stat")).split("\n")) {
                    if (line.startsWith("btime ")) {
                        bootMillis = Long.parseLong(line.substring(6).trim()) * 1000;
                    }
                }
            }
            String stat = PlainFiles.readString(Path.of("/proc/" + pid + "/stat"));
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
        } catch (java.nio.file.NoSuchFileException e) {
            return -1;
        } catch (IOException | NumberFormatException e) {
            // fall back to the JDK's reading below
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.flatMap(p -> p.info().startInstant()).map(Instant::toEpochMilli).orElse(-1L);
    }

    /**
     * True when pid runs and is the process started at startMillis (1 s tolerance: the clock
     * ticks of /proc), not a zombie waiting for a parent to reap it.
     */
    public static boolean alive(int pid, long startMillis) {
        if (pid <= 0) {
            return false;
        }
        long start = startMillis(pid);
        if (start < 0 || (startMillis > 0 && Math.abs(start - startMillis) >= 1000)) {
            return false;
        }
        try {
            String stat = PlainFiles.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
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
            long r = NativeCalls.syscall(Sys.MKNODAT.nr(), -100, mem.cstring(path.toString()), 0010000 | mode, 0);
            if (r < 0) {
                throw new SyscallException("mkfifo " + path, (int) -r);
            }
        }
        try {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(
                    perms(mode)));
        } catch (IOException e) {
            throw new dev.jrun.JrunException("chmod " + path + ": " + e, e);
        }
    }

    private static String perms(int mode) {
        StringBuilder sb = new StringBuilder();
        String rwx = "rwx";
        for (int i = 8; i >= 0; i--) {
            sb.append((mode & (1 << i)) != 0 ? rwx.charAt(2 - i % 3) : '-');
        }
        return sb.toString();
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
