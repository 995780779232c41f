package dev.jrun.linux;

/**
 * The raw system calls the trampoline's table uses (and statx, for RootfsPaths), with their numbers on
 * x86_64 and aarch64 (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h). Only
 * *at variants, which both architectures have.
 */
public enum Sys {
    WRITE(1, 64), OPENAT(257, 56), CLOSE_RANGE(436, 436), DUP3(292, 24),
    MOUNT(165, 40), UMOUNT2(166, 39), PIVOT_ROOT(155, 41), CHDIR(80, 49),
    MKDIRAT(258, 34), MKNODAT(259, 33), SYMLINKAT(266, 36), UMASK(95, 166),
    SETHOSTNAME(170, 161), SETGROUPS(116, 159), SETRESGID(119, 149), SETRESUID(117, 147),
    CAPSET(126, 91), PRCTL(157, 167), PRLIMIT64(302, 261), UNSHARE(272, 97),
    RT_SIGPROCMASK(14, 135), EXECVE(59, 221), PIDFD_SEND_SIGNAL(424, 424), SETNS(308, 268),
    SOCKET(41, 198), IOCTL(16, 29), CLOSE(3, 57), SETSID(112, 157), READ(0, 63),
    PIDFD_OPEN(434, 434), CLONE3(435, 435), CONNECT(42, 203), SENDMSG(46, 211), EXIT_GROUP(231, 94),
    FACCESSAT(269, 48), FCHMODAT(268, 53), STATX(332, 291);

    private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));
    private final int x86;
    private final int arm;

    Sys(int x86, int arm) {
        this.x86 = x86;
        this.arm = arm;
    }

    public long nr() {
        return AARCH64 ? arm : x86;
    }

    /** The trampoline resource for this JVM's architecture. */
    static String trampolineArch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> throw new LinuxUnavailableException("jrun's launcher has no trampoline for architecture " + arch
                    + " (x86_64 and aarch64 are supported)");
        };
    }
}
