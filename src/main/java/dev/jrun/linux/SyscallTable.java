package dev.jrun.linux;

import java.util.ArrayList;
import java.util.List;

/**
 * The list of raw system calls the child walks between clone3 and execve, with a description of
 * each ("mount proc on /proc (type proc)") so a failure names its step and {@code --explain} can
 * print the container's birth. Written into native memory in the trampoline's layout:
 * a 56-byte header (clone_args, its size, count, entries, failed index, errno, forked pid) and
 * 64-byte entries (nr, six arguments, flags: the ignored errno in bits 0-31, bit 32 "arg0 is the
 * result of the last successful step", bit 33 "this step forks").
 */
public final class SyscallTable {
    static final int HEADER = 56;
    static final int ENTRY = 64;

    /**
     * One step: the call, and in words what it does. ignoredErrno 0 means every error fails;
     * chained means arg0 is replaced by the previous successful step's result (an fd); fork means
     * the call creates a process sharing the memory (clone3 with CLONE_VM|CLONE_VFORK): the new
     * process walks on, the calling one reports its pid and exits.
     */
    public record Step(Sys sys, long[] args, int ignoredErrno, boolean chained, boolean fork, String description) {
        public Step(Sys sys, long[] args, int ignoredErrno, boolean chained, String description) {
            this(sys, args, ignoredErrno, chained, false, description);
        }

        public Step {
            if (args.length > 6) {
                throw new IllegalArgumentException("a system call takes at most 6 arguments: " + description);
            }
            args = args.clone();
        }
    }

    /** What the child reported: which step failed and why. */
    public record Failure(int index, Step step, int errno) {
        public String message() {
            return step.description() + ": " + Errno.describe(errno);
        }
    }

    private final List<Step> steps = new ArrayList<>();

    public SyscallTable add(String description, Sys sys, long... args) {
        steps.add(new Step(sys, args, 0, false, description));
        return this;
    }

    /** A step whose first argument is the result of the step before it (e.g. write to the fd openat returned). */
    public SyscallTable addChained(String description, Sys sys, long... argsAfterTheFirst) {
        long[] args = new long[argsAfterTheFirst.length + 1];
        System.arraycopy(argsAfterTheFirst, 0, args, 1, argsAfterTheFirst.length);
        steps.add(new Step(sys, args, 0, true, description));
        return this;
    }

    /** A step whose error {@code ignoredErrno} counts as success (EEXIST for mkdir, ENOENT for optional paths). */
    public SyscallTable addIgnoring(int ignoredErrno, String description, Sys sys, long... args) {
        steps.add(new Step(sys, args, ignoredErrno, false, description));
        return this;
    }

    /**
     * A fork: clone3(cloneArgs, size), where cloneArgs asks for CLONE_VM|CLONE_VFORK (and usually
     * CLONE_PARENT). The new process walks on with the next step; the calling one stores its pid in the
     * table (see {@link #forkedPid}) and exits 0 once the new one has exec'd or died.
     */
    public SyscallTable addFork(String description, long cloneArgs, long cloneArgsSize) {
        steps.add(new Step(Sys.CLONE3, new long[] {cloneArgs, cloneArgsSize}, 0, false, true, description));
        return this;
    }

    /** Sets argument arg of step index (a join's cgroup.procs fd, opened once the cgroup exists). */
    void setArg(int index, int arg, long value) {
        Step s = steps.get(index);
        long[] args = s.args().clone();
        args[arg] = value;
        steps.set(index, new Step(s.sys(), args, s.ignoredErrno(), s.chained(), s.fork(), s.description()));
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The steps in plain words, one a line, numbered: what --explain prints. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            out.add(String.format("%3d  %s%s", i + 1, s.description(),
                    s.ignoredErrno() == 0 ? "" : " (" + Errno.describe(s.ignoredErrno()).split(" ")[0] + " is fine)"));
        }
        return out;
    }

    /** Writes header and entries into mem; returns the header's address. */
    long write(NativeMemory mem, long cloneArgs, long cloneArgsSize) {
        long header = mem.allocate(HEADER);
        long entries = mem.allocate((long) ENTRY * Math.max(1, steps.size()));
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            long e = entries + (long) ENTRY * i;
            NativeMemory.putLong(e, s.sys().nr());
            for (int a = 0; a < s.args().length; a++) {
                NativeMemory.putLong(e + 8 + 8L * a, s.args()[a]);
            }
            NativeMemory.putLong(e + 56, (s.ignoredErrno() & 0xFFFFFFFFL) | (s.chained() ? 1L << 32 : 0)
                    | (s.fork() ? 1L << 33 : 0));
        }
        NativeMemory.putLong(header, cloneArgs);
        NativeMemory.putLong(header + 8, cloneArgsSize);
        NativeMemory.putLong(header + 16, steps.size());
        NativeMemory.putLong(header + 24, entries);
        NativeMemory.putLong(header + 32, -1);
        NativeMemory.putLong(header + 40, 0);
        NativeMemory.putLong(header + 48, 0);
        return header;
    }

    /** The pid a fork step made, as its parent side reported it in the header; 0 if no fork ran. */
    static int forkedPid(long header) {
        return (int) NativeMemory.getLong(header + 48);
    }

    /** The child's report in the header written by {@link #write}, or null when no step failed. */
    Failure failure(long header) {
        long index = NativeMemory.getLong(header + 32);
        if (index < 0) {
            return null;
        }
        return new Failure((int) index, steps.get((int) index), (int) NativeMemory.getLong(header + 40));
    }
}
